"""The programme keeps its order by itself: sessions take their place by slot and start
time when they are created or published, the editor's order stays where nothing says
otherwise, and the explorer lists a day's sessions in that order."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from wagtail.models import Page

from programme.factories import ProgrammeDayPageFactory, WorkshopPageFactory
from programme.models import WorkshopPage
from programme.ordering import place_in_programme, programme_position

pytestmark = pytest.mark.django_db


def s(slot=None, hour=None):
    return SimpleNamespace(slot=slot, start_time=dt.time(hour) if hour is not None else None)


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
