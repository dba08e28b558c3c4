"""Calendar feeds of the programme (home/calendars.py, the pages' get_calendar(),
programme/feeds/views.py):
a whole edition, a day and a session, parsed back with icalendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from home.factories import EditionPageFactory
from programme.factories import ProgrammeDayPageFactory, WorkshopPageFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"\n" not in body.replace(b"\r\n", b"")
    return Calendar.from_ical(body)


def events(calendar):
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def check_rfc5545(calendar):
    """What every calendar must carry: version, product, the Paris VTIMEZONE, and for
    each event a UID, a UTC DTSTAMP and a start."""
    assert str(calendar["version"]) == "2.0"
    assert calendar["prodid"]
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["tzid"]) for zone in zones] == ["Europe/Paris"]
    assert zones[0].walk("STANDARD") and zones[0].walk("DAYLIGHT")
    uids = [str(event["uid"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    for event in calendar.walk("VEVENT"):
        assert event.decoded("dtstamp").tzinfo is not None
        assert event.decoded("dtstamp").utcoffset() == datetime.timedelta(0)
        assert "dtstart" in event
    assert calendar.get_missing_tzids() == set()


def test_the_edition_feed_lists_every_session_in_paris_time(client, visitor_site):
    calendar = parse(client.get("/fr/2021/calendrier.ics"))
    check_rfc5545(calendar)
    found = events(calendar)
    assert set(found) == {
        "Plénière inspirante",
        "1. Manufacture de proximité",
        "2. Outils numériques et émancipation",
        "1. Médiation numérique",
        "3. Communs numériques",
    }
    plenary = found["Plénière inspirante"]
    assert plenary["dtstart"].params["TZID"] == "Europe/Paris"
    assert plenary.decoded("dtstart") == datetime.datetime(2021, 11, 29, 14, 0, tzinfo=PARIS)
    assert plenary.decoded("dtend") == datetime.datetime(2021, 11, 29, 15, 30, tzinfo=PARIS)
    assert str(plenary["location"]) == "Les Halles, Bazaar St So, 292 rue Camille Guérin, 59000 Lille"
    assert "Yaël Benayoun" in str(plenary["description"])
    assert str(plenary["url"]) == "http://localhost/fr/2021/programme-du-29-11/pleniere-inspirante/"
    assert str(plenary["uid"]).startswith(str(visitor_site.plenary.translation_key))


def test_a_session_without_time_is_an_all_day_entry_that_does_not_block_the_day(client, visitor_site):
    found = events(parse(client.get("/fr/2021/calendrier.ics")))
    workshop = found["2. Outils numériques et émancipation"]
    assert workshop["dtstart"].params.get("VALUE") == "DATE"
    assert workshop.decoded("dtstart") == datetime.date(2021, 11, 29)
    assert workshop.decoded("dtend") == datetime.date(2021, 11, 30)  # exclusive end
    assert str(workshop["transp"]) == "TRANSPARENT"


def test_a_route_ends_at_its_return_time_and_lists_its_stops(client, visitor_site):
    found = events(parse(client.get("/fr/2021/programme-du-29-11/calendrier.ics")))
    route = found["1. Médiation numérique"]
    assert route.decoded("dtend") == datetime.datetime(2021, 11, 29, 18, 0, tzinfo=PARIS)
    assert "Pop Café → ESSpace 216 → Emmaüs Connect" in str(route["description"])
    assert str(route["location"]).startswith("Départ rue Camille Guérin, Bazaar St So")
    assert route.decoded("geo") == (50.6293, 3.0879)


def test_the_session_feed_holds_one_event_and_the_page_links_to_it(client, visitor_site):
    url = visitor_site.plenary.url
    calendar = parse(client.get(f"{url}calendrier.ics"))
    check_rfc5545(calendar)
    assert list(events(calendar)) == ["Plénière inspirante"]
    page = client.get(url).content.decode()
    assert f'href="{url}calendrier.ics"' in page
    assert "Ajouter à mon agenda" in page


def test_the_english_feed_is_in_english_and_shares_the_uids(client, visitor_site):
    french = events(parse(client.get("/fr/2021/calendrier.ics")))
    response = client.get("/en/2021/calendar.ics")
    english = events(parse(response))
    assert "Inspiring plenary" in english
    assert str(english["Inspiring plenary"]["uid"]) == str(french["Plénière inspirante"]["uid"])
    assert str(english["Inspiring plenary"]["url"]).startswith("http://localhost/en/2021/programme-29-11/")
    assert "attachment" in response["Content-Disposition"]


def test_an_edition_without_any_time_still_gives_a_valid_calendar(client, visitor_site):
    edition = EditionPageFactory(parent=visitor_site.home, year=2030, start_date=datetime.date(2030, 6, 3))
    day = ProgrammeDayPageFactory(parent=edition, title="Lundi", slug="lundi")
    WorkshopPageFactory(parent=day, title="Accueil", format="reception")
    WorkshopPageFactory(parent=day, title="Soirée", format="evening")
    calendar = parse(client.get("/fr/2030/calendrier.ics"))
    check_rfc5545(calendar)  # the VTIMEZONE is there even though nothing refers to it
    assert all(event["dtstart"].params.get("VALUE") == "DATE" for event in calendar.walk("VEVENT"))
    assert len(calendar.walk("VEVENT")) == 2


def test_an_edition_without_days_gives_an_empty_but_valid_calendar(client, visitor_site):
    EditionPageFactory(parent=visitor_site.home, year=2031, start_date=datetime.date(2031, 6, 3))
    calendar = parse(client.get("/fr/2031/calendrier.ics"))
    check_rfc5545(calendar)
    assert calendar.walk("VEVENT") == []


def test_drafts_and_private_sessions_stay_out_of_the_feeds(client, visitor_site):
    from wagtail.models import PageViewRestriction

    visitor_site.workshop1.unpublish()
    PageViewRestriction.objects.create(page=visitor_site.workshop2, restriction_type="login")
    found = events(parse(client.get("/fr/2021/calendrier.ics")))
    assert "1. Manufacture de proximité" not in found
    assert "2. Outils numériques et émancipation" not in found
    assert client.get(f"{visitor_site.workshop2.url}calendrier.ics").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/fr/2019/calendrier.ics",  # no such edition
        "/fr/2021/programme-du-30-11/calendrier.ics",  # no such day
        "/fr/2021/programme-du-29-11/atelier-9/calendrier.ics",  # no such session
        "/fr/2021/informations-pratiques/calendrier.ics",  # a page without a calendar
        "/en/2021/calendrier.ics",  # the French segment in English
    ],
)
def test_an_unknown_calendar_is_a_translated_404(client, visitor_site, path):
    response = client.get(path)
    assert response.status_code == 404
    language = path.split("/")[1]
    assert f'lang="{language}"' in response.content.decode()
