"""The programme keeps its order by itself: sessions take their place by slot, start time
and order in the slot when they are created or published, the editor's order stays where
nothing says otherwise (a translation's is its French source's), and the explorer lists a
day's sessions in that order."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from programme.factories import ProgrammeDayPageFactory, WorkshopPageFactory
from programme.models import RoutePage, WorkshopPage
from programme.ordering import place_in_programme, programme_position

pytestmark = pytest.mark.django_db


def s(slot=None, hour=None, order=None, key=None):
    start_time = dt.time(hour) if hour is not None else None
    return SimpleNamespace(slot=slot, start_time=start_time, order_in_slot=order, translation_key=key)


# --- The rule -----------------------------------------------------------------------------


def test_a_timed_session_goes_before_the_first_later_one():
    siblings = [s(hour=9), s(), s(hour=19)]
    assert programme_position(s(hour=16), siblings, current=3) == 2


def test_a_timed_session_never_splits_a_slot():
    siblings = [s(hour=9), s(slot=1, hour=14), s(slot=1), s(hour=19)]
    assert programme_position(s(hour=12), siblings, current=4) == 1
    assert programme_position(s(hour=16), siblings, current=4) == 3


def test_a_session_joins_its_slot_by_time_within_it():
    siblings = [s(hour=9), s(slot=1), s(slot=1), s(), s(slot=2, hour=14), s(slot=2, hour=15)]
    assert programme_position(s(slot=1), siblings, current=6) == 3
    assert programme_position(s(slot=2, hour=14), siblings, current=0) == 5
    assert programme_position(s(slot=2, hour=13), siblings, current=6) == 4


def test_the_editors_place_is_kept_where_nothing_contradicts_it():
    siblings = [s(hour=9), s(slot=1), s(slot=1), s(hour=19)]
    assert programme_position(s(slot=1), siblings, current=1) is None  # first of its slot
    assert programme_position(s(), siblings, current=0) is None
    assert programme_position(s(hour=16), [s(), s()], current=2) is None  # nothing timed
    assert programme_position(s(hour=12), siblings, current=3) is None


def test_within_a_slot_and_a_time_the_order_in_the_slot_decides_smallest_first():
    siblings = [s(slot=1, hour=14, order=1), s(slot=1, hour=14, order=3), s(slot=1, hour=14)]
    assert programme_position(s(slot=1, hour=14, order=2), siblings, current=3) == 1
    assert programme_position(s(slot=1, hour=14, order=2), siblings, current=1) is None
    assert programme_position(s(slot=1, hour=14, order=4), siblings, current=0) == 2


def test_a_session_without_order_comes_after_those_with_one():
    siblings = [s(slot=1, order=2), s(slot=1), s(slot=1)]
    assert programme_position(s(slot=1), siblings, current=0) == 3  # after the numbered one
    assert programme_position(s(slot=1), siblings, current=1) is None  # among the others: kept
    assert programme_position(s(slot=1, order=1), siblings, current=3) == 0


def test_start_times_win_over_the_order_in_the_slot():
    siblings = [s(slot=1, hour=14, order=5), s(slot=1, hour=16, order=1)]
    assert programme_position(s(slot=1, hour=15, order=1), siblings, current=0) == 1
    assert programme_position(s(slot=1, hour=15, order=9), siblings, current=2) == 1
    assert programme_position(s(slot=1, hour=17, order=1), siblings, current=0) == 2
    # Where only one of the two has a time, neither decides: the editor's order.
    assert programme_position(s(slot=1, order=9), [s(slot=1, hour=14, order=1)], current=0) is None


def test_a_translation_follows_its_sources_order_where_nothing_else_decides():
    siblings = [s(slot=1, key="a"), s(slot=1, key="b")]
    source_order = {"c": 0, "a": 1, "b": 2}
    assert programme_position(s(slot=1, key="c"), siblings, current=2, source_order=source_order) == 0
    assert programme_position(s(slot=1, key="c"), siblings, current=2) is None  # French: kept
    # The order in the slot still comes first.
    siblings = [s(slot=1, key="a", order=1), s(slot=1, key="b")]
    assert programme_position(s(slot=1, key="c"), siblings, current=2, source_order=source_order) == 1


# --- In the tree --------------------------------------------------------------------------


@pytest.fixture
def day(site_tree):
    from home.factories import EditionPageFactory

    edition = EditionPageFactory(parent=site_tree.home, year=2021)
    day = ProgrammeDayPageFactory(parent=edition, date=edition.start_date)
    return day


def titles(day):
    return list(Page.objects.child_of(day).order_by("path").values_list("title", flat=True))


def add(day, title, **fields):
    page = WorkshopPageFactory(parent=day, title=title, **fields)
    page.save_revision().publish()
    return page


def test_a_workshop_added_last_takes_its_place_on_the_day_page(day, client):
    add(day, "Plénière", start_time=dt.time(9))
    add(day, "Atelier A", slot=1)
    add(day, "Atelier B", slot=1)
    add(day, "Soirée au Bus Magique", start_time=dt.time(19))

    add(day, "Atelier de 16 h", start_time=dt.time(16))
    add(day, "Atelier C", slot=1)

    expected = ["Plénière", "Atelier A", "Atelier B", "Atelier C", "Atelier de 16 h", "Soirée au Bus Magique"]
    assert titles(day) == expected
    html = client.get(day.url).content.decode()
    positions = [html.index(title) for title in expected]
    assert positions == sorted(positions)


def test_a_reordering_within_a_slot_is_kept_on_publication(day):
    add(day, "Plénière", start_time=dt.time(9))
    first = add(day, "Atelier A", slot=1)
    second = add(day, "Atelier B", slot=1)
    Page.objects.get(pk=second.pk).move(Page.objects.get(pk=first.pk), pos="left")

    first.refresh_from_db()
    first.save_revision().publish()

    assert titles(day) == ["Plénière", "Atelier B", "Atelier A"]


def test_a_changed_time_moves_the_session(day):
    add(day, "Plénière", start_time=dt.time(9))
    lunch = add(day, "Déjeuner", start_time=dt.time(12))
    add(day, "Soirée", start_time=dt.time(19))

    lunch.refresh_from_db()
    lunch.start_time = dt.time(20)
    lunch.save_revision().publish()

    assert titles(day) == ["Plénière", "Soirée", "Déjeuner"]
    assert place_in_programme(lunch) is False  # in place: nothing to do


def test_the_explorer_lists_a_days_sessions_in_programme_order(day, admin_client):
    add(day, "Plénière", start_time=dt.time(9))
    add(day, "Soirée", start_time=dt.time(19))
    add(day, "Atelier de 16 h", start_time=dt.time(16))

    html = admin_client.get(reverse("wagtailadmin_explore", args=[day.pk])).content.decode()

    assert html.index("Plénière") < html.index("Atelier de 16 h") < html.index("Soirée")


def test_a_session_saved_as_draft_in_the_admin_takes_its_place(day, admin_client, page_form_data):
    add(day, "Plénière", start_time=dt.time(9))
    add(day, "Soirée", start_time=dt.time(19))
    url = reverse("wagtailadmin_pages:add", args=["programme", "workshoppage", day.pk])
    data = page_form_data(admin_client, url, WorkshopPage)
    data.update({"title": "Atelier de 16 h", "slug": "atelier-16h", "start_time": "16:00"})

    response = admin_client.post(url, data)

    assert response.status_code == 302

    assert titles(day) == ["Plénière", "Atelier de 16 h", "Soirée"]


# --- The order in the slot (issue 14, item 4) -------------------------------------------


def republish(page, **fields):
    page = page.specific_class.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_the_order_in_the_slot_reorders_sessions_of_the_same_time_on_publication(day):
    add(day, "Plénière", start_time=dt.time(9))
    add(day, "Atelier A", slot=1, start_time=dt.time(14))
    second = add(day, "Atelier B", slot=1, start_time=dt.time(14))
    add(day, "Soirée", start_time=dt.time(19))
    assert titles(day) == ["Plénière", "Atelier A", "Atelier B", "Soirée"]

    republish(second, order_in_slot=1)

    assert titles(day) == ["Plénière", "Atelier B", "Atelier A", "Soirée"]


def test_sessions_without_order_come_after_the_numbered_ones_in_the_order_they_were_added(day):
    add(day, "Atelier A", slot=1)
    add(day, "Atelier B", slot=1)
    add(day, "Atelier C", slot=1, order_in_slot=2)
    assert titles(day) == ["Atelier C", "Atelier A", "Atelier B"]

    add(day, "Atelier D", slot=1, order_in_slot=1)
    add(day, "Atelier E", slot=1)

    assert titles(day) == ["Atelier D", "Atelier C", "Atelier A", "Atelier B", "Atelier E"]


def test_different_start_times_win_over_the_order_in_the_slot(day):
    early = add(day, "Atelier de 14 h", slot=1, start_time=dt.time(14))
    late = add(day, "Atelier de 15 h", slot=1, start_time=dt.time(15))

    republish(late, order_in_slot=1)
    republish(early, order_in_slot=2)

    assert titles(day) == ["Atelier de 14 h", "Atelier de 15 h"]


def test_an_editors_new_order_moves_the_session_once_a_moderator_approves_it(
    day, client, demo_users, page_form_data
):
    add(day, "Atelier A", slot=1)
    second = add(day, "Atelier B", slot=1)
    url = reverse("wagtailadmin_pages:edit", args=[second.pk])
    client.force_login(demo_users.editeur)
    data = page_form_data(client, url, WorkshopPage)
    assert 'name="order_in_slot"' in client.get(url).content.decode()
    data.update({"order_in_slot": "1", "action-submit": "1"})

    assert client.post(url, data).status_code == 302

    # Submitted, not published: the live programme keeps its order.
    second.refresh_from_db()
    assert second.order_in_slot is None and second.has_unpublished_changes
    assert titles(day) == ["Atelier A", "Atelier B"]

    client.force_login(demo_users.moderateur)
    task_state = second.current_workflow_state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[second.pk, "approve", task_state.pk])
    client.post(approve, {"comment": ""})

    second.refresh_from_db()
    assert second.order_in_slot == 1 and not second.has_unpublished_changes
    assert titles(day) == ["Atelier B", "Atelier A"]


def test_the_order_in_the_slot_field_sits_with_the_slot_in_the_editors_form():
    for model in (WorkshopPage, RoutePage):
        rows = [[child.field_name for child in row.children] for row in model.time_panels]
        assert rows[0] == ["number", "slot", "order_in_slot"]
        field = model._meta.get_field("order_in_slot")
        assert str(field.verbose_name) == "ordre dans le créneau"
        assert "même heure" in str(field.help_text)


# --- Translations follow the French order -----------------------------------------------


@pytest.fixture
def translate(site_tree, django_capture_on_commit_callbacks):
    """translate(page): its published English version, made with wagtail-localize (its
    parents first where they have none)."""
    english = site_tree.locales.en

    def do(page):
        creator = TranslationCreator(user=None, target_locales=[english])
        with django_capture_on_commit_callbacks(execute=True):
            for item in [*page.get_ancestors().filter(depth__gt=1), page]:
                if item.pk == page.pk or not item.get_translations().filter(locale=english).exists():
                    creator.create_translations(item)
        return page.get_translation(english)

    return do


@pytest.fixture
def sync(site_tree, django_capture_on_commit_callbacks):
    """sync(page): what "Synchroniser les pages traduites" with "publier" does."""

    def do(page):
        source = TranslationSource.objects.get_for_instance(page)
        source.update_from_db()
        translation = Translation.objects.get(source=source, target_locale=site_tree.locales.en)
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)

    return do


def test_a_published_translation_takes_the_french_order_in_the_slot(day, translate, sync):
    first = add(day, "Atelier A", slot=1, start_time=dt.time(14))
    second = add(day, "Atelier B", slot=1, start_time=dt.time(14))
    english_day = translate(day)
    translate(first)
    translate(second)
    assert titles(english_day) == ["Atelier A", "Atelier B"]

    republish(second, order_in_slot=1)

    assert titles(day) == ["Atelier B", "Atelier A"]
    assert titles(english_day) == ["Atelier A", "Atelier B"]  # until the translation is synced
    sync(second)
    assert WorkshopPage.objects.get(pk=second.get_translation(english_day.locale).pk).order_in_slot == 1
    assert titles(english_day) == ["Atelier B", "Atelier A"]


def test_a_translation_follows_a_moderators_drag_in_the_french_tree(day, translate, sync):
    pages = [add(day, f"Atelier {letter}", slot=1) for letter in "ABC"]
    english_day = translate(day)
    for page in pages:
        translate(page)
    Page.objects.get(pk=pages[2].pk).move(Page.objects.get(pk=pages[0].pk), pos="left")
    assert titles(day) == ["Atelier C", "Atelier A", "Atelier B"]
    assert titles(english_day) == ["Atelier A", "Atelier B", "Atelier C"]

    sync(pages[2])

    assert titles(english_day) == ["Atelier C", "Atelier A", "Atelier B"]
    # The French page, published again, keeps the moderator's order.
    republish(pages[2])
    assert titles(day) == ["Atelier C", "Atelier A", "Atelier B"]


# --- People and venues lists, the registration manager's buttons (issue 14, item 6) ------


def test_people_and_venues_lists_show_each_records_language(admin_client, site_tree):
    from programme.factories import PersonFactory, VenueFactory

    person = PersonFactory(name="Yaël Benayoun", organisation="")
    person.copy_for_translation(site_tree.locales.en).save()
    venue = VenueFactory(name="Bazaar St So")
    venue.copy_for_translation(site_tree.locales.en).save()

    for url in (
        reverse("wagtailsnippets_programme_person:list"),
        reverse("wagtailsnippets_programme_venue:list"),
    ):
        html = admin_client.get(url).content.decode()
        assert ">Langue<" in html.replace("\n", "").replace(" ", "") or "Langue" in html
        assert "Français" in html and "English" in html
