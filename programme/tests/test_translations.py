"""The English demo edition made through wagtail-localize, the fields translators may not
touch, and the editors' workflow after a French page changes.

The French demo is loaded (``load_demo --french-only``) and translated
(``translate_demo``, which ``load_demo`` runs without that option) once for the module;
each test runs in its own savepoint and everything is rolled back after the module. wagtail-localize publishes in ``transaction.on_commit``: tests that go
through its admin views capture and run those callbacks.
"""

import json
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Locale, Page, Revision
from wagtail.rich_text import RichText
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import (
    OverridableSegment,
    String,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from home.models import EditionPage, HomePage
from portal import dashboard
from programme.demo.translate import load_glossary, translate_demo
from programme.models import (
    Person,
    ProgrammeDayPage,
    RoutePage,
    RouteStop,
    SessionPerson,
    Venue,
    WorkshopPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_database(module_database):
    """The French demo, then translate_demo, once for the module; rolled back afterwards."""
    with module_database():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", "--french-only", stdout=StringIO())
            report = translate_demo()
        yield report


@pytest.fixture
def report(demo_database, db):
    return demo_database


def english(instance):
    return instance.get_translation(Locale.objects.get(language_code="en"))


def french_demo_pages():
    edition = EditionPage.objects.get(locale__language_code="fr", year=2021)
    home = edition.get_parent()
    return [home, *edition.get_descendants(inclusive=True)]


def french_session(slug):
    return Page.objects.get(locale__language_code="fr", slug=slug).specific


# --- The demo in English ------------------------------------------------------------


def test_the_glossary_translates_every_french_string_of_the_demo(report):
    assert report.missing == set()
    assert report.errors == []
    french_strings = set(String.objects.filter(locale__language_code="fr").values_list("data", flat=True))
    assert set(load_glossary("en")) - french_strings == set(), "glossary entries no French text uses"


def test_every_french_page_has_a_published_english_twin(report):
    french_pages = french_demo_pages()
    assert len(french_pages) == 26
    for page in french_pages:
        twin = english(page)
        assert twin.translation_key == page.translation_key
        assert twin.live and not twin.has_unpublished_changes, twin.url_path
        assert twin.alias_of_id is None
        assert twin.specific_class is page.specific_class
        assert twin.depth == page.depth
        if page.depth > 2:
            assert english(page.get_parent()).pk == twin.get_parent().pk


def test_every_person_and_venue_has_an_english_twin(report):
    for model in (Person, Venue):
        french = model.objects.filter(locale__language_code="fr")
        assert french.count() == model.objects.filter(locale__language_code="en").count() > 0
        for instance in french:
            assert english(instance).name == instance.name


def test_english_pages_have_english_titles_and_slugs(report):
    day = english(ProgrammeDayPage.objects.get(locale__language_code="fr"))
    assert (day.title, day.slug) == ("Programme for 29 November", "programme-29-november")
    assert day.url == "/en/2021/programme-29-november/"
    lunch = english(french_session("dejeuner"))
    assert (lunch.title, lunch.url) == ("Lunch", "/en/2021/programme-29-november/lunch/")
    route = english(french_session("parcours-3-communs-numeriques"))
    assert route.seo_title == "Route 3 – Digital commons in practice in third places"
    assert route.meeting_point == "Departure from rue Camille Guérin"


def test_names_stay_while_functions_bios_and_menus_are_translated(report):
    yael = english(Person.objects.get(locale__language_code="fr", name="Yaël Benayoun"))
    assert (yael.name, yael.organisation) == ("Yaël Benayoun", "Le Mouton Numérique")
    assert yael.role == "Co-founder of Le Mouton Numérique"
    assert yael.bio.startswith("<p>A graduate in political philosophy")
    assert english(Person.objects.get(locale__language_code="fr", name="Yolaine Proult")).role == (
        "Managing Director"
    )
    lunch = english(french_session("dejeuner"))
    menus = [block.value for block in lunch.body if block.block_type == "menu"]
    assert [menu["name"] for menu in menus] == [
        "O saveurs platter menu",
        "Vegetarian lasagne menu",
        "Pizza Margherita menu",
    ]
    assert menus[1]["dish"] == "Butternut squash lasagne"
    partner = english(Page.objects.get(locale__language_code="fr", slug="bazaar-st-so"))
    assert partner.title == "Bazaar St So"


def test_english_pages_point_at_the_english_people_and_venues(report):
    en = Locale.objects.get(language_code="en")
    for session in WorkshopPage.objects.filter(locale=en):
        french = session.get_translation(Locale.objects.get(language_code="fr"))
        assert session.venue.locale == en and session.venue.translation_key == french.venue.translation_key
        assert [(s.person.translation_key, s.role) for s in session.speakers.all()] == [
            (s.person.translation_key, s.role) for s in french.speakers.all()
        ]
        assert {s.person.locale for s in session.speakers.all()} <= {en}
    for stop in RouteStop.objects.filter(locale=en).select_related("venue"):
        assert stop.venue.locale == en
    for venue in Venue.objects.filter(locale=en, part_of__isnull=False):
        assert venue.part_of.locale == en
    assert EditionPage.objects.get(locale=en).main_venue.locale == en


# --- Synchronised fields --------------------------------------------------------------

STRUCTURAL_FIELDS = {
    EditionPage: ["year", "start_date", "end_date", "city"],
    ProgrammeDayPage: ["date"],
    WorkshopPage: [
        "number",
        "slot",
        "order_in_slot",
        "start_time",
        "end_time",
        "registration_required",
        "capacity",
        "format",
    ],
    RoutePage: [
        "number",
        "slot",
        "order_in_slot",
        "start_time",
        "end_time",
        "registration_required",
        "capacity",
        "mode",
        "return_time",
    ],
    SessionPerson: ["role"],
    Person: ["name"],
    Venue: ["name", "address", "postcode", "town", "latitude", "longitude"],
}
# Foreign keys to translatable snippets: the translation points at the English version of
# the same object, which the translator sees but cannot change.
RELATED_FIELDS = {
    EditionPage: ["main_venue"],
    WorkshopPage: ["venue", "speakers"],
    RoutePage: ["venue", "stops"],
    SessionPerson: ["person"],
    RouteStop: ["venue"],
    Venue: ["part_of"],
}


@pytest.mark.parametrize("model", list(STRUCTURAL_FIELDS))
def test_structural_fields_are_synchronised_and_not_overridable(model):
    fields = {field.field_name: field for field in get_translatable_fields(model)}
    for name in STRUCTURAL_FIELDS[model]:
        assert isinstance(fields[name], SynchronizedField), name
        assert fields[name].overridable is False, name


@pytest.mark.parametrize("model", list(RELATED_FIELDS))
def test_people_and_venues_follow_the_source(model):
    fields = {field.field_name: field for field in get_translatable_fields(model)}
    for name in RELATED_FIELDS[model]:
        assert isinstance(fields[name], TranslatableField), name


def test_the_translation_editor_offers_no_structural_field(report, admin_client):
    """Only overridable segments are editable besides strings; none is structural."""
    structural = {name for names in STRUCTURAL_FIELDS.values() for name in names}
    overridable = {
        path.split(".")[-1] for path in OverridableSegment.objects.values_list("context__path", flat=True)
    }
    assert overridable & structural == set()

    session = english(french_session("table-ronde"))
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[session.pk]))
    assert response.status_code == 200
    segments = json.loads(response.context["props"])["segments"]
    editable = {s["contentPath"].split(".")[0] for s in segments if s["type"] != "related_object"}
    shown = {s["contentPath"].split(".")[0] for s in segments if s["type"] == "related_object"}
    assert editable & structural == set()
    assert {"title", "summary", "body"} <= editable
    # The room and the people are shown, linked to their English version, read-only.
    assert shown == {"venue", "speakers"}


def test_structural_fields_equal_the_french_ones(report):
    for model, names in STRUCTURAL_FIELDS.items():
        if not issubclass(model, Page):
            continue
        for page in model.objects.filter(locale__language_code="fr"):
            twin = english(page)
            assert [getattr(twin, name) for name in names] == [getattr(page, name) for name in names]


def test_sync_puts_back_a_structural_value_changed_on_the_english_page(report):
    french = french_session("ouverture")
    twin = english(french)
    WorkshopPage.objects.filter(pk=twin.pk).update(capacity=5, slot=9)
    Translation.objects.get(source__object_id=french.translation_key).save_target(publish=False)
    twin.refresh_from_db()
    assert (twin.capacity, twin.slot) == (french.capacity, french.slot) == (200, None)


# --- Idempotence ----------------------------------------------------------------------


def _state():
    return (
        Revision.objects.count(),
        list(TranslationSource.objects.order_by("pk").values_list("pk", "last_updated_at")),
        list(StringTranslation.objects.order_by("pk").values_list("pk", "data", "updated_at")),
        list(
            Page.objects.order_by("pk").values_list("pk", "translation_key", "last_published_at", "numchild")
        ),
    )


def test_a_second_run_changes_nothing(report):
    before = _state()
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = translate_demo()
    assert (again.created, again.updated, again.skipped) == ([], [], [])
    snippets = (
        Person.objects.filter(locale__language_code="fr").count()
        + Venue.objects.filter(locale__language_code="fr").count()
    )
    assert len(again.unchanged) == 26 + snippets == 64
    assert _state() == before


def test_load_demo_then_translate_demo_again_changes_nothing(report):
    before = _state()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", "--french-only", stdout=StringIO())
        again = translate_demo()
    assert (again.created, again.updated) == ([], [])
    assert _state() == before


def test_a_french_change_reaches_english_on_the_next_run(report):
    french = french_session("dejeuner")
    french.summary = "3 menus au choix :"  # a string the glossary knows
    french.save_revision().publish()
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = translate_demo()
    assert again.updated == [str(french)]
    assert english(french).summary == "A choice of 3 menus:"


# --- Editors' workflow ------------------------------------------------------------------

NEW_SUMMARY = "Quatre lieux racontent comment ils utilisent le numérique."
NEW_PARAGRAPH = "La table ronde sera suivie d’un temps d’échange avec la salle."
NEW_SUMMARY_EN = "Four places tell how they use digital tools."
NEW_PARAGRAPH_EN = "The round table will be followed by questions from the floor."


def backlog_state(page):
    return next((item.state for item in dashboard.translation_backlog() if item.page.pk == page.pk), None)


@override("fr")
def test_editors_workflow_edit_french_sync_then_translate_the_new_text(report, admin_client, admin_user):
    french = french_session("table-ronde")
    english_page = english(french)
    translation = Translation.objects.get(source__object_id=french.translation_key)
    source = translation.source
    assert translation.get_status_display() == "À jour"
    assert backlog_state(french) is None
    kept = dict(StringTranslation.objects.filter(context__object=source.object).values_list("pk", "data"))

    # 1. An editor changes the French summary, adds a paragraph and publishes.
    french.summary = NEW_SUMMARY
    french.body.append(("paragraph", RichText(f"<p>{NEW_PARAGRAPH}</p>")))
    french.save_revision(user=admin_user).publish(user=admin_user)

    # 2. The English page is now out of date: the French page was published after the
    # last sync. wagtail-localize's own status only counts the strings of that last
    # sync, so it still says "À jour" (Up to date); the dashboard's backlog says
    # "outdated". (Status labels as the French admin shows them.)
    french.refresh_from_db()
    source.refresh_from_db()
    assert french.last_published_at > source.last_updated_at
    assert translation.get_status_display() == "À jour"
    assert backlog_state(french) == dashboard.OUTDATED
    assert (
        english_page.specific.summary
        == "Let the places speak, to shed light on how varied these practices are."
    )

    # 3. "Synchroniser les pages traduites" with "Publier immédiatement".
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert admin_client.get(url).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302

    # The earlier English text is kept; the new French text waits, shown in French.
    english_page = WorkshopPage.objects.get(pk=english_page.pk)
    assert english_page.title == "Round table"
    assert english_page.summary == NEW_SUMMARY
    paragraphs = [block.value.source for block in english_page.body if block.block_type == "paragraph"]
    assert paragraphs[0].startswith("<p>Fablabs, places of production")
    assert paragraphs[-1] == f"<p>{NEW_PARAGRAPH}</p>"
    assert set(kept.items()) <= set(
        StringTranslation.objects.filter(context__object=source.object).values_list("pk", "data")
    )
    assert translation.get_status_display() == "En attente de traduction"
    assert translation.get_progress() == (5, 3)  # title, slug, summary, 2 paragraphs
    assert backlog_state(french) == dashboard.INCOMPLETE

    # 4. The translator fills in the two new strings in the translation editor…
    untranslated = (
        StringSegment.objects.filter(source=source)
        .annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
        .select_related("string")
    )
    english_text = {NEW_SUMMARY: NEW_SUMMARY_EN, NEW_PARAGRAPH: NEW_PARAGRAPH_EN}
    assert {segment.string.data for segment in untranslated} == set(english_text)
    for segment in untranslated:
        response = admin_client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": english_text[segment.string.data]}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 201

    # … and publishes: the English page shows them.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[english_page.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    english_page = WorkshopPage.objects.get(pk=english_page.pk)
    assert english_page.summary == NEW_SUMMARY_EN
    assert english_page.body[-1].value.source == f"<p>{NEW_PARAGRAPH_EN}</p>"
    assert english_page.live and not english_page.has_unpublished_changes
    assert translation.get_status_display() == "À jour"
    assert backlog_state(french) is None

    html = admin_client.get(english_page.url).content.decode()
    assert NEW_PARAGRAPH_EN in html and NEW_PARAGRAPH not in html


@override("fr")
def test_a_sync_without_publishing_leaves_the_live_english_page_as_it_was(report, admin_client, admin_user):
    """What the translators' guide says of "Publier immédiatement" left unticked: the
    English page visitors read does not change until it is published."""
    french = french_session("table-ronde")
    english_page = english(french)
    before = WorkshopPage.objects.get(pk=english_page.pk)
    french.summary = NEW_SUMMARY
    french.save_revision(user=admin_user).publish(user=admin_user)
    source = Translation.objects.get(source__object_id=french.translation_key).source

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), {})
    assert response.status_code == 302

    after = WorkshopPage.objects.get(pk=english_page.pk)
    assert (after.title, after.summary, after.live) == (before.title, before.summary, True)
    assert after.live_revision_id == before.live_revision_id
    # The sync read the new French text: it waits in the translation editor.
    source.refresh_from_db()
    assert NEW_SUMMARY in {
        segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related("string")
    }


def test_sync_of_a_snippet_keeps_its_english_bio(report, admin_client):
    french = Person.objects.get(locale__language_code="fr", name="Yaël Benayoun")
    french.role = "Sociologue, cofondatrice du Mouton Numérique"
    french.save()
    source = TranslationSource.objects.get_for_instance(french)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]), {"publish_translations": "on"}
        )
    assert response.status_code == 302
    twin = english(french)
    assert twin.role == "Sociologue, cofondatrice du Mouton Numérique"  # new: to translate
    assert twin.bio.startswith("<p>A graduate in political philosophy")  # kept
    assert twin.name == "Yaël Benayoun"


def test_a_new_room_reaches_the_english_page_once_translated_then_synced(report, admin_client):
    """The guide's order: translate the new venue (Lieux → ⋯ → Traduire), then sync."""
    french = french_session("dejeuner")
    bazaar = Venue.objects.get(locale__language_code="fr", name="Bazaar St So")
    room = Venue.objects.create(name="Salle D", part_of=bazaar, locale=bazaar.locale)
    french.venue = room
    french.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(french)
    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])

    # Synced before the room is translated: wagtail-localize keeps the previous room.
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(sync_url, {"publish_translations": "on"})
    assert english(french).specific.venue.name == "Parvis du Bazaar St So"

    en = Locale.objects.get(language_code="en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:submit_snippet_translation", args=["programme", "venue", room.pk]),
            {"locales": [en.pk]},
        )
    assert response.status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(sync_url, {"publish_translations": "on"})
    venue = english(french).specific.venue
    assert (venue.name, venue.locale, venue.part_of.locale) == ("Salle D", en, en)


def test_translating_a_page_with_its_subpages_in_the_admin_keeps_them_reachable(report, admin_client):
    """wagtail-localize issue #773: "Traduire cette page" with its subpages may leave the
    translated parent with numchild=0, hiding its children."""
    from home.factories import ContentPageFactory

    edition = EditionPage.objects.get(locale__language_code="fr")
    parent = ContentPageFactory(parent=edition, title="Accès", slug="acces")
    ContentPageFactory(parent=parent, title="En train", slug="en-train")
    parent.save_revision().publish()
    en = Locale.objects.get(language_code="en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[parent.pk]),
            {"locales": [en.pk], "include_subtree": "on"},
        )
    assert response.status_code == 302
    english_parent = parent.get_translation(en)
    assert english_parent.get_children().count() == 1
    assert admin_client.get(english_parent.get_children().get().url).status_code == 200


def test_translate_demo_respects_a_translation_stopped_by_an_editor(report):
    french = french_session("dejeuner")
    translation = Translation.objects.get(source__object_id=french.translation_key)
    translation.enabled = False
    translation.save()
    twin = english(french)
    WorkshopPage.objects.filter(pk=twin.pk).update(summary="Lunch, our way")
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = translate_demo()
    assert again.skipped == [str(french)]
    assert WorkshopPage.objects.get(pk=twin.pk).summary == "Lunch, our way"


def test_home_pages_are_linked_across_languages(report):
    french_home = HomePage.objects.get(locale__language_code="fr")
    assert english(french_home).url == "/en/"
