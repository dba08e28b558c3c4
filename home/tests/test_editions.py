"""Starting next year's edition from this one: a bilingual copy, linked, with its dates moved.

The fixture builds a small 2021 edition in French, translates it into English with
wagtail-localize as an editor would, and gives some strings a real English translation.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from home.editions import EditionCopyError, copying, rewrite_dates, start_next_edition
from home.factories import ContentPageFactory, EditionPageFactory, HomePageFactory
from home.models import EditionPage, HomePage
from partners.factories import PartnerPageFactory, PartnersIndexPageFactory
from partners.models import PartnerPage
from programme.demo.next_edition import create_demo_next_edition, demo_start_date
from programme.factories import (
    EditoPageFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
    RoutePageFactory,
    VenueFactory,
    WorkshopPageFactory,
)
from programme.models import Person, RoutePage, RouteStop, SessionPerson, Venue, WorkshopPage
from programme.registrations.models import Attendee, Registration

pytestmark = pytest.mark.django_db

# What the English translator wrote; every other string gets " (EN)" appended.
ENGLISH = {
    "Édition 2021": "2021 Edition",
    "Programme du 29/11": "Programme for 29 November",
    "Programme du 30/11": "Programme for 30 November",
    "Plénière inspirante": "Inspiring plenary",
    "Un fablab de quartier": "A neighbourhood fablab",
}


def aware(*args):
    return timezone.make_aware(dt.datetime(*args))


def translate_into_english(pages, english):
    """Translate pages (parents first) with wagtail-localize as a translator does: submit
    each page, translate its strings in the editor (" (EN)" appended unless ENGLISH says
    better; addresses kept as they are), publish. People and venues the pages use are
    submitted along, their strings left in French."""
    creator = TranslationCreator(user=None, target_locales=[english])
    for page in pages:
        source, _created = TranslationSource.get_or_create_from_instance(page)
        for segment in source.stringsegment_set.select_related("string", "context"):
            french_text = segment.string.data
            english_text = french_text if segment.context.path == "slug" else f"{french_text} (EN)"
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                defaults={"data": ENGLISH.get(french_text, english_text), "translation_type": "manual"},
            )
        with TestCase.captureOnCommitCallbacks(execute=True):
            creator.create_translations(page)


def build_2021_edition():
    """The site (French home page as the default site's root) and the 2021 edition
    (29-30 November), in French and in English. Returns the French pages' ids."""
    Locale.objects.get_or_create(language_code="fr")
    english = Locale.objects.get_or_create(language_code="en")[0]
    home = HomePageFactory(
        parent=Page.get_first_root_node(), title="En Compagnie des Tiers-Lieux", slug="accueil"
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="ECTL")
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()

    bazaar = VenueFactory(name="Bazaar St So")
    hall = VenueFactory(name="Les Halles", part_of=bazaar)
    fablab = VenueFactory(name="Fablab")
    source = EditionPageFactory(
        parent=home,
        year=2021,
        title="Édition 2021",
        start_date=dt.date(2021, 11, 29),
        end_date=dt.date(2021, 11, 30),
        main_venue=bazaar,
    )
    EditoPageFactory(parent=source)
    day1 = ProgrammeDayPageFactory(
        parent=source, title="Programme du 29/11", slug="programme-du-29-11", date=dt.date(2021, 11, 29)
    )
    plenary = WorkshopPageFactory(
        parent=day1,
        title="Plénière inspirante",
        format="plenary",
        venue=hall,
        people=[PersonFactory(name="Yaël Benayoun"), PersonFactory()],
        registration_required=True,
        capacity=200,
        registration_opens_at=aware(2021, 10, 1, 9, 0),
        registration_closes_at=aware(2021, 11, 28, 18, 0),
    )
    route = RoutePageFactory(parent=day1, title="Parcours vélo", mode="bike", slot=2, stops=[fablab, bazaar])
    RouteStop.objects.filter(page=route, venue=fablab).update(note="Un fablab de quartier")
    day2 = ProgrammeDayPageFactory(
        parent=source, title="Programme du 30/11", slug="programme-du-30-11", date=dt.date(2021, 11, 30)
    )
    WorkshopPageFactory(parent=day2, title="Atelier 1", slot=1, people=1)
    ContentPageFactory(parent=source, title="Infos pratiques", slug="infos-pratiques")
    partners = PartnersIndexPageFactory(parent=source)
    PartnerPageFactory(parent=partners, title="France Tiers-Lieux", tier="organiser")

    translate_into_english([home, *Page.objects.descendant_of(home).order_by("path")], english)
    return {"home": home.pk, "source": source.pk, "plenary": plenary.pk, "route": route.pk}


@pytest.fixture(scope="module")
def edition_2021(module_database):
    """Built once for this module, in a transaction rolled back at its end; each test runs
    in a savepoint of it (translating with wagtail-localize takes seconds)."""
    with module_database():
        yield build_2021_edition()


@pytest.fixture
def edition(edition_2021, db):
    """The 2021 edition's French pages and the locales, fresh for each test."""
    return {
        "home": HomePage.objects.get(pk=edition_2021["home"]),
        "source": EditionPage.objects.get(pk=edition_2021["source"]),
        "plenary": WorkshopPage.objects.get(pk=edition_2021["plenary"]),
        "route": RoutePage.objects.get(pk=edition_2021["route"]),
        "french": Locale.objects.get(language_code="fr"),
        "english": Locale.objects.get(language_code="en"),
    }


def subtree(page):
    return list(Page.objects.descendant_of(page, inclusive=True).order_by("path").specific())


def english_version(page, english):
    return page.get_translation(english).specific


def new_edition_2022(edition, **kwargs):
    return start_next_edition(edition["source"], dt.date(2022, 11, 28), **kwargs)


# --- The copy ----------------------------------------------------------------------------


def test_the_fixture_is_a_published_bilingual_edition(edition):
    source, english = edition["source"], edition["english"]
    english_source = english_version(source, english)
    assert english_source.title == "2021 Edition"
    assert english_source.live
    assert len(subtree(english_source)) == len(subtree(source)) == 10


def test_copies_every_page_in_every_language(edition):
    source, english = edition["source"], edition["english"]

    new = new_edition_2022(edition)

    new_english = english_version(new, english)
    assert new.locale == edition["french"]
    assert new.get_parent().pk == edition["home"].pk
    assert new_english.get_parent().pk == english_version(source, english).get_parent().pk
    assert [type(page) for page in subtree(new)] == [type(page) for page in subtree(source)]
    assert [type(page) for page in subtree(new_english)] == [
        type(page) for page in subtree(english_version(source, english))
    ]


def test_every_english_page_is_linked_to_its_french_source(edition):
    english = edition["english"]

    new = new_edition_2022(edition)

    french_keys = [page.translation_key for page in subtree(new)]
    english_pages = subtree(english_version(new, english))
    assert {page.locale_id for page in english_pages} == {english.pk}
    assert sorted(str(page.translation_key) for page in english_pages) == sorted(map(str, french_keys))
    old_keys = {page.translation_key for page in subtree(edition["source"])}
    assert not old_keys & set(french_keys)
    for page in english_pages:
        assert page.get_translation(edition["french"]).get_parent().translation_key == (
            page.get_parent().translation_key
        )


def test_session_people_and_route_stops_stay_linked_across_languages(edition):
    english = edition["english"]

    new = new_edition_2022(edition)

    plenary = WorkshopPage.objects.descendant_of(new).get(title="Plénière inspirante")
    route = RoutePage.objects.descendant_of(new).get()
    for french_children, model in ((plenary.speakers, SessionPerson), (route.stops, RouteStop)):
        french_keys = sorted(str(child.translation_key) for child in french_children.all())
        english_page = english_version(french_children.instance, english)
        english_children = model.objects.filter(page=english_page)
        assert sorted(str(child.translation_key) for child in english_children) == french_keys
        assert {child.locale_id for child in english_children} == {english.pk}
    old_keys = {str(person.translation_key) for person in edition["plenary"].speakers.all()}
    assert not old_keys & {str(person.translation_key) for person in plenary.speakers.all()}


def test_every_date_moves_by_the_offset(edition):
    new = new_edition_2022(edition)

    assert (new.year, new.start_date, new.end_date) == (2022, dt.date(2022, 11, 28), dt.date(2022, 11, 29))
    days = [page.date for page in subtree(new) if hasattr(page, "date")]
    assert days == [dt.date(2022, 11, 28), dt.date(2022, 11, 29)]
    plenary = WorkshopPage.objects.descendant_of(new).get(title="Plénière inspirante")
    assert plenary.registration_opens_at == aware(2022, 9, 30, 9, 0)
    assert plenary.registration_closes_at == aware(2022, 11, 27, 18, 0)
    english = english_version(new, edition["english"])
    assert (english.year, english.start_date, english.end_date) == (new.year, new.start_date, new.end_date)
    english_plenary = english_version(plenary, edition["english"])
    assert english_plenary.registration_closes_at == plenary.registration_closes_at


def test_date_times_keep_their_local_time_across_daylight_saving(edition):
    # 21 weeks later: 1 October (summer time) becomes 25 February (winter time).
    new = start_next_edition(edition["source"], dt.date(2022, 4, 25))

    plenary = WorkshopPage.objects.descendant_of(new).get(title="Plénière inspirante")
    opens = timezone.localtime(plenary.registration_opens_at)
    assert (opens.date(), opens.time()) == (dt.date(2022, 2, 25), dt.time(9, 0))


def test_keep_weekdays_rounds_the_shift_to_whole_weeks(edition):
    # 29 November 2022 is a Tuesday; the 2021 edition started on a Monday.
    kept = start_next_edition(edition["source"], dt.date(2022, 11, 29), keep_weekdays=True)

    assert kept.start_date == dt.date(2022, 11, 28)
    assert [page.date.strftime("%A") for page in subtree(kept) if hasattr(page, "date")] == [
        "Monday",
        "Tuesday",
    ]


def test_without_keep_weekdays_the_date_asked_for_is_kept(edition):
    new = start_next_edition(edition["source"], dt.date(2022, 11, 29))

    assert (new.start_date, new.end_date) == (dt.date(2022, 11, 29), dt.date(2022, 11, 30))


def test_titles_and_addresses_follow_the_new_year_and_dates(edition):
    english = edition["english"]

    new = new_edition_2022(edition)

    new_english = english_version(new, english)
    assert (new.title, new.slug, new.draft_title) == ("Édition 2022", "2022", "Édition 2022")
    assert (new_english.title, new_english.slug) == ("2022 Edition", "2022")
    day = subtree(new)[2]
    assert (day.title, day.slug) == ("Programme du 28/11", "programme-du-28-11")
    assert english_version(day, english).title == "Programme for 28 November"
    assert new.url == "/fr/2022/"


def test_the_new_edition_is_a_draft_with_a_fresh_history(edition):
    new = new_edition_2022(edition)

    for page in subtree(new) + subtree(english_version(new, edition["english"])):
        assert not page.live
        assert page.has_unpublished_changes
        assert page.first_published_at is None
        assert page.revisions.count() == 1
        assert page.get_latest_revision_as_object().title == page.title


def test_the_original_edition_is_untouched(edition):
    def snapshot():
        pages = subtree(edition["source"]) + subtree(english_version(edition["source"], edition["english"]))
        return [
            (
                page.pk,
                page.title,
                page.slug,
                page.live,
                page.translation_key,
                page.path,
                page.has_unpublished_changes,
            )
            + tuple(getattr(page, name, None) for name in ("start_date", "date", "registration_opens_at"))
            for page in pages
        ] + sorted(
            (child.pk, child.page_id, str(child.translation_key)) for child in SessionPerson.objects.all()
        )

    before = snapshot()

    new_edition_2022(edition)

    assert snapshot()[: len(before)] == before
    assert EditionPage.objects.get(pk=edition["source"].pk).live


def test_people_venues_and_partners_are_kept_not_duplicated(edition):
    people, venues = Person.objects.count(), Venue.objects.count()

    new = new_edition_2022(edition)

    assert (Person.objects.count(), Venue.objects.count()) == (people, venues)
    plenary = WorkshopPage.objects.descendant_of(new).get(title="Plénière inspirante")
    assert [p.person for p in plenary.speakers.all()] == [p.person for p in edition["plenary"].speakers.all()]
    assert plenary.venue == edition["plenary"].venue
    assert new.main_venue == edition["source"].main_venue
    english_plenary = english_version(plenary, edition["english"])
    assert {p.person.locale for p in english_plenary.speakers.all()} == {edition["english"]}
    assert PartnerPage.objects.descendant_of(new).get().title == "France Tiers-Lieux"


def test_no_registration_is_copied(edition):
    plenary = edition["plenary"]
    attendee = Attendee.objects.create(
        edition_key=edition["source"].translation_key,
        email="ada@example.org",
        first_name="Ada",
        last_name="L.",
    )
    Registration.objects.create(
        attendee=attendee,
        session_key=plenary.translation_key,
        edition_key=edition["source"].translation_key,
        session=plenary,
        edition=edition["source"],
        status=Registration.Status.CONFIRMED,
        sequence=1,
        created_at=timezone.now(),
    )

    new = new_edition_2022(edition)

    new_keys = {page.translation_key for page in subtree(new)}
    assert Registration.objects.count() == Attendee.objects.count() == 1
    assert not Registration.objects.filter(session_key__in=new_keys).exists()
    assert not Attendee.objects.filter(edition_key=new.translation_key).exists()
    assert Registration.objects.get().session_key == plenary.translation_key


# --- wagtail-localize ----------------------------------------------------------------------


def test_the_copy_can_still_be_synced_from_french_in_wagtail_localize(
    edition, django_capture_on_commit_callbacks
):
    english = edition["english"]
    new = new_edition_2022(edition)
    route = RoutePage.objects.descendant_of(new).get()

    for page in subtree(new):
        translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=english)
        assert translation.enabled
        total, translated = translation.get_progress()
        assert total == translated, page.title
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=False)

    assert english_version(new, english).title == "2022 Edition"
    assert english_version(subtree(new)[2], english).title == "Programme for 28 November"
    english_route = english_version(route, english)
    assert english_route.title == "Parcours vélo (EN)"
    assert english_route.stops.get(venue__name="Fablab").note == "A neighbourhood fablab"


def test_the_english_copy_opens_in_the_translation_editor(edition, admin_client):
    new = new_edition_2022(edition)
    plenary = WorkshopPage.objects.descendant_of(new).get(title="Plénière inspirante")
    english_plenary = english_version(plenary, edition["english"])

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[english_plenary.pk]))

    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]


def another_site_home():
    return HomePageFactory(parent=Page.get_first_root_node(), title="Autre site", slug="autre")


def test_translations_made_with_wagtail_copy_for_translation_are_linked_too(edition):
    home = another_site_home()
    source = EditionPageFactory(parent=home, year=2021, title="Édition 2021")
    day = ProgrammeDayPageFactory(parent=source, title="Programme du 29/11", date=dt.date(2021, 11, 29))
    WorkshopPageFactory(parent=day, title="Plénière", people=1)
    for page in [home, source, day, *day.get_children()]:
        translated = page.specific.copy_for_translation(edition["english"], copy_parents=True)
        translated.save_revision().publish()
    sources = TranslationSource.objects.count()

    new = start_next_edition(source, dt.date(2022, 11, 28))

    new_english = subtree(new.get_translation(edition["english"]))
    assert [page.translation_key for page in new_english] == [page.translation_key for page in subtree(new)]
    assert new_english[-1].speakers.get().translation_key == subtree(new)[-1].speakers.get().translation_key
    assert TranslationSource.objects.count() == sources


def test_an_english_alias_stays_an_alias_of_the_new_french_page(edition):
    french = ContentPageFactory(parent=edition["source"], title="Plan d'accès", slug="plan")
    french.copy_for_translation(edition["english"], alias=True)

    new = new_edition_2022(edition)

    new_french = content_page_in(new, "Plan d'accès")
    new_alias = new_french.get_translation(edition["english"])
    assert new_alias.alias_of_id == new_french.pk
    assert new_alias.get_parent().pk == english_version(new, edition["english"]).pk


def content_page_in(edition_page, title):
    return Page.objects.descendant_of(edition_page).get(title=title, locale=edition_page.locale)


# --- Refusals ----------------------------------------------------------------------------


def refusal(edition, new_start=dt.date(2022, 11, 28), **kwargs):
    pages_before = Page.objects.count()
    with pytest.raises(EditionCopyError) as caught:
        start_next_edition(edition["source"], new_start, **kwargs)
    assert Page.objects.count() == pages_before
    return caught.value


@pytest.mark.parametrize("new_start", [dt.date(2021, 11, 29), dt.date(2020, 11, 30)])
def test_refuses_a_first_day_that_is_not_after_the_source(edition, new_start):
    error = refusal(edition, new_start)

    assert error.code == "not_after"
    assert str(error) == (
        "La nouvelle édition doit commencer après le premier jour de l'édition copiée (29/11/2021)."
    )


def test_refuses_a_shift_that_rounds_to_no_week(edition):
    assert refusal(edition, dt.date(2021, 12, 1), keep_weekdays=True).code == "not_after"


def test_refuses_a_year_that_already_exists(edition):
    EditionPageFactory(parent=edition["home"], year=2022, slug="vingt-deux")

    error = refusal(edition)

    assert error.code == "year_exists"
    assert "L'édition 2022 existe déjà" in str(error)


def test_refuses_an_address_that_is_already_taken(edition):
    ContentPageFactory(parent=edition["home"], title="Bilan", slug="2022")

    error = refusal(edition)

    assert error.code == "slug_taken"
    assert "« 2022 »" in str(error) and "« Bilan »" in str(error)


def test_refuses_an_edition_with_unpublished_changes(edition):
    plenary = edition["plenary"]
    plenary.title = "Plénière (brouillon)"
    plenary.save_revision()

    error = refusal(edition)

    assert error.code == "drafts"
    assert "modifications non publiées" in str(error)
    assert error.details == ["Plénière (brouillon) (français)"]


def test_refuses_an_edition_missing_english_pages_and_lists_them(edition):
    ContentPageFactory(parent=edition["source"], title="Plan d'accès")
    english_version(edition["route"], edition["english"]).delete()

    error = refusal(edition)

    assert error.code == "missing_translations"
    assert "pas de version en anglais" in str(error)
    assert error.details == ["Parcours vélo", "Plan d'accès"]


def test_a_site_without_english_copies_french_only(edition):
    source = EditionPageFactory(parent=another_site_home(), year=2021)
    ProgrammeDayPageFactory(parent=source)

    new = start_next_edition(source, dt.date(2022, 11, 28))

    assert [page.locale.language_code for page in subtree(new)] == ["fr", "fr"]
    assert not new.get_translations().exists()


def test_stale_child_counts_left_by_wagtail_localize_do_not_break_the_copy(edition):
    english_source = english_version(edition["source"], edition["english"])
    Page.objects.filter(pk__in=[english_source.get_parent().pk, english_source.pk]).update(numchild=0)

    new = new_edition_2022(edition)

    assert len(subtree(english_version(new, edition["english"]))) == 10


def test_the_english_edition_can_be_the_one_clicked(edition):
    new = start_next_edition(english_version(edition["source"], edition["english"]), dt.date(2022, 11, 28))

    assert new.locale == edition["french"]


def test_refuses_a_user_without_permission(edition, django_user_model):
    editor = django_user_model.objects.create_user("no-rights", password="x")

    assert refusal(edition, user=editor).code == "permission"


def test_a_failure_at_the_end_leaves_nothing(edition, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(copying, "link_localize_records", broken)
    counts = (Page.objects.count(), SessionPerson.objects.count(), TranslationSource.objects.count())

    with pytest.raises(RuntimeError):
        new_edition_2022(edition)

    assert (Page.objects.count(), SessionPerson.objects.count(), TranslationSource.objects.count()) == counts
    assert not EditionPage.objects.filter(year=2022).exists()


def test_a_failure_in_the_middle_of_the_english_copy_leaves_nothing(edition, monkeypatch):
    original = copying.SharedKeysCopyAction.execute
    copied = []

    def fail_on_the_fifteenth_page(self, *args, **kwargs):
        if len(copied) == 14:
            raise RuntimeError("boom")
        copied.append(self.page)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(copying.SharedKeysCopyAction, "execute", fail_on_the_fifteenth_page)
    pages = Page.objects.count()

    with pytest.raises(RuntimeError):
        new_edition_2022(edition)

    assert copied[-1].locale == edition["english"]
    assert Page.objects.count() == pages
    assert not EditionPage.objects.filter(year=2022).exists()


# --- The home page -----------------------------------------------------------------------


def test_the_home_page_shows_the_new_edition_once_it_is_published(edition, client):
    home = edition["home"]
    new = new_edition_2022(edition)
    early_2022 = dt.date(2022, 1, 10)

    assert home.specific.get_editions(today=early_2022) == (edition["source"], [])

    new.save_revision().publish()

    current, past = home.specific.get_editions(today=early_2022)
    assert current == new
    assert past == [edition["source"]]
    assert client.get("/fr/").status_code == 200


# --- Admin -------------------------------------------------------------------------------


def action_url(page):
    return reverse("home_start_next_edition", args=[page.pk])


def test_the_action_is_offered_on_the_edition_page(edition, admin_client):
    source = edition["source"]

    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[source.pk]))
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[edition["home"].pk]))
    other = admin_client.get(reverse("wagtailadmin_pages:edit", args=[edition["plenary"].pk]))

    assert action_url(source) in edit.content.decode()
    assert action_url(source) in listing.content.decode()
    assert "home/editions" not in other.content.decode()
    assert "/next/" not in other.content.decode()


def test_admin_form_asks_for_the_first_day(edition, admin_client):
    response = admin_client.get(action_url(edition["source"]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Démarrer l&#x27;édition suivante" in content or "Démarrer l'édition suivante" in content
    assert response.context["form"]["start_date"].value() == dt.date(2022, 11, 28)
    assert response.context["languages"] == [("français", 10), ("anglais", 10)]


def test_admin_starts_the_edition_in_the_worker_and_says_what_to_do_next(edition, admin_client, run_tasks):
    response = admin_client.post(
        action_url(edition["source"]), {"start_date": "2022-11-29", "keep_weekdays": "on"}
    )

    assert not EditionPage.objects.filter(year=2022).exists()  # queued, not done in the request
    job_url = response.url
    assert "En attente" in admin_client.get(job_url).content.decode()
    run_tasks()
    new = EditionPage.objects.get(year=2022, locale=edition["french"])
    assert new.start_date == dt.date(2022, 11, 28)
    assert new.owner.username == "admin"
    assert len(subtree(new)) == len(subtree(new.get_translation(edition["english"]))) == 10
    html = admin_client.get(job_url).content.decode()
    assert "est créée en brouillon" in html and "lundi 28 novembre 2022" in html
    assert reverse("home_publish_edition", args=[new.pk]) in html
    assert reverse("wagtailadmin_explore", args=[new.pk]) in html


def test_admin_from_the_english_edition_copies_from_french(edition, admin_client, run_tasks):
    english_source = english_version(edition["source"], edition["english"])

    response = admin_client.post(action_url(english_source), {"start_date": "2022-11-28"})

    assert response.status_code == 302
    run_tasks()
    assert EditionPage.objects.filter(year=2022).count() == 2


@pytest.mark.parametrize(
    ("start_date", "message"),
    [
        ("2021-06-01", "doit commencer après le premier jour"),
        ("pas une date", "Saisissez une date valide"),
        ("", "Champ requis"),
    ],
)
def test_admin_refuses_a_bad_date_in_the_form(edition, admin_client, start_date, message):
    response = admin_client.post(action_url(edition["source"]), {"start_date": start_date})

    assert response.status_code == 200
    assert response.context["form"].errors["start_date"]
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not EditionPage.objects.filter(year=2022).exists()


def test_admin_refuses_a_year_that_exists(edition, admin_client):
    EditionPageFactory(parent=edition["home"], year=2022, slug="deux-mille-vingt-deux")

    response = admin_client.post(action_url(edition["source"]), {"start_date": "2022-11-28"})

    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()


def test_admin_lists_the_pages_that_block_the_copy(edition, admin_client):
    english_version(edition["route"], edition["english"]).delete()

    get = admin_client.get(action_url(edition["source"]))
    post = admin_client.post(action_url(edition["source"]), {"start_date": "2022-11-28"})

    assert "Parcours vélo" in get.content.decode()
    assert post.status_code == 200
    assert "pas de version en anglais" in post.content.decode()
    assert not EditionPage.objects.filter(year=2022).exists()


def test_admin_action_is_refused_to_an_editor_without_rights(edition, client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(action_url(edition["source"]))

    assert response.status_code in (302, 403)
    assert not EditionPage.objects.filter(year=2022).exists()


# --- Management command ------------------------------------------------------------------


def test_command_starts_an_edition(edition):
    call_command("start_edition", "2021", "2022-11-29", "--keep-weekdays")

    new = EditionPage.objects.get(year=2022, locale=edition["french"])
    assert (new.start_date, new.live) == (dt.date(2022, 11, 28), False)


def test_command_reports_a_refusal(edition):
    with pytest.raises(CommandError, match="doit commencer après"):
        call_command("start_edition", "2021", "2021-01-01")


# --- Demonstration edition ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 11, 25), dt.date(2027, 11, 29)),  # too close: next year
        (dt.date(2026, 9, 1), dt.date(2026, 11, 30)),
        (dt.date(2021, 12, 1), dt.date(2022, 11, 28)),  # never the source's own year
    ],
)
def test_the_demo_edition_is_on_the_last_monday_of_november_far_enough_ahead(today, expected):
    assert demo_start_date(dt.date(2021, 11, 29), today) == expected


def test_demo_edition_is_published_and_marked_as_a_demonstration(edition):
    english = edition["english"]

    demo = create_demo_next_edition(edition["source"], today=dt.date(2026, 11, 25))

    assert (demo.title, demo.start_date, demo.year, demo.slug) == (
        "Édition de démonstration 2027",
        dt.date(2027, 11, 29),
        2027,
        "2027",
    )
    assert demo.tagline.startswith("Une édition fictive")
    demo_english = english_version(demo, english)
    assert demo_english.title == "Demonstration edition 2027"
    for page in subtree(demo) + subtree(demo_english):
        assert page.live and not page.has_unpublished_changes, page.title
    # Source is past, the demonstration edition is the current one.
    assert edition["home"].specific.get_editions(today=dt.date(2026, 11, 25)) == (demo, [edition["source"]])


def test_demo_edition_opens_registration_now(edition):
    demo = create_demo_next_edition(edition["source"], today=timezone.localdate())

    plenary = WorkshopPage.objects.descendant_of(demo).get(title="Plénière inspirante")
    assert plenary.registration_opens_at is None
    assert plenary.registration_closes_at > timezone.now()
    assert english_version(plenary, edition["english"]).registration_opens_at is None


def test_demo_edition_is_created_once(edition):
    first = create_demo_next_edition(edition["source"], today=dt.date(2026, 11, 25))
    pages = Page.objects.count()

    again = create_demo_next_edition(edition["source"], today=dt.date(2026, 11, 25))

    assert again.pk == first.pk
    assert Page.objects.count() == pages


def test_demo_command_makes_the_published_demonstration_edition(edition):
    call_command("start_demo_edition", "2021", stdout=StringIO())

    demo = EditionPage.objects.get(locale=edition["french"], year__gt=2021)
    assert demo.live and demo.title.startswith("Édition de démonstration")


def test_demo_title_translation_survives_a_sync(edition, django_capture_on_commit_callbacks):
    demo = create_demo_next_edition(edition["source"], today=dt.date(2026, 11, 25))
    translation = Translation.objects.get(source__object_id=demo.translation_key)

    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    english = english_version(demo, edition["english"])
    assert english.title == "Demonstration edition 2027"
    assert english.tagline.startswith("A made-up edition")


# --- Dates in titles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Programme du 29/11", "fr", "Programme du 28/11"),
        ("Programme du 29/11 et du 30/11", "fr", "Programme du 28/11 et du 29/11"),
        ("Le 29/11/2021", "fr", "Le 28/11/2022"),
        ("Lundi 29 novembre 2021", "fr", "Lundi 28 novembre 2022"),
        ("mardi 30 novembre", "fr", "mardi 29 novembre"),
        ("Monday, November 29th, 2021", "en", "Monday, November 28th, 2022"),
        ("Programme for 30 November", "en", "Programme for 29 November"),
        ("Le 12/11, et le 29 octobre", "fr", "Le 12/11, et le 29 octobre"),
        ("Le 29/11/2019", "fr", "Le 29/11/2019"),
    ],
)
def test_a_page_date_written_in_its_title_is_rewritten(text, language, expected):
    moves = {dt.date(2021, 11, 29): dt.date(2022, 11, 28), dt.date(2021, 11, 30): dt.date(2022, 11, 29)}

    assert rewrite_dates(text, moves, language) == expected


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("programme-du-29-11", "programme-du-28-11"),
        ("lundi-29-novembre-2021", "lundi-28-novembre-2022"),
        ("atelier-29", "atelier-29"),
    ],
)
def test_a_page_date_written_in_its_address_is_rewritten(slug, expected):
    assert rewrite_dates(slug, {dt.date(2021, 11, 29): dt.date(2022, 11, 28)}, "fr", slug=True) == expected


def test_weekday_and_first_of_the_month_follow_the_new_date():
    assert rewrite_dates("Lundi 29 novembre", {dt.date(2021, 11, 29): dt.date(2022, 12, 1)}, "fr") == (
        "Jeudi 1er décembre"
    )
    assert rewrite_dates("Monday 29th November", {dt.date(2021, 11, 29): dt.date(2022, 12, 2)}, "en") == (
        "Friday 2nd December"
    )
