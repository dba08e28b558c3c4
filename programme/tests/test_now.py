"""What is on now and next (programme/now.py), at fixed times, with and without times,
and on the day and edition pages in both languages."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from home.freshness import seconds_left, valid_until
from programme import now as clock
from programme.now import day_now_next, edition_now_next
from programme.slots import Slot

PARIS = ZoneInfo("Europe/Paris")
DAY = datetime.date(2021, 11, 29)


def at(hour, minute=0, second=0, day=DAY, zone=PARIS):
    return datetime.datetime.combine(day, datetime.time(hour, minute, second), tzinfo=zone)


def session(title, start=None, end=None):
    return SimpleNamespace(
        title=title,
        start_time=datetime.time(*start) if start else None,
        end_time=datetime.time(*end) if end else None,
    )


def slot(*sessions, number=None):
    return Slot(number=number, sessions=list(sessions))


def titles(slots):
    return [[s.title for s in one.sessions] for one in slots]


@pytest.fixture
def timed_day():
    """Accueil 9h-9h30, Ouverture 9h30 (no end), two workshops at 10h-12h, lunch with no
    time, routes at 14h-18h."""
    day = SimpleNamespace(date=DAY)
    slots = [
        slot(session("Accueil", (9, 0), (9, 30))),
        slot(session("Ouverture", (9, 30))),
        slot(session("Atelier 1", (10, 0), (12, 0)), session("Atelier 2", (10, 0), (12, 0)), number=1),
        slot(session("Déjeuner")),
        slot(session("Parcours 1", (14, 0), (18, 0)), number=2),
    ]
    return day, slots


def test_before_the_first_session_the_first_comes_next(timed_day):
    result, until = day_now_next(*timed_day, at(8, 15))
    assert result.current == []
    assert titles([result.upcoming]) == [["Accueil"]]
    assert until == at(9, 0)


def test_a_session_without_end_lasts_until_the_next_start(timed_day):
    result, until = day_now_next(*timed_day, at(9, 45))
    assert titles(result.current) == [["Ouverture"]]
    assert titles([result.upcoming]) == [["Atelier 1", "Atelier 2"]]
    assert until == at(10, 0)


def test_parallel_sessions_are_on_together(timed_day):
    result, _until = day_now_next(*timed_day, at(11, 0))
    assert titles(result.current) == [["Atelier 1", "Atelier 2"]]
    # Lunch has no time: it comes next by the programme's order, nothing more.
    assert titles([result.upcoming]) == [["Déjeuner"]]


def test_after_an_end_nothing_is_claimed_to_be_on(timed_day):
    result, until = day_now_next(*timed_day, at(12, 30))
    assert result.current == []
    assert titles([result.upcoming]) == [["Déjeuner"]]
    assert until == at(14, 0)


def test_the_last_session_then_nothing(timed_day):
    result, _until = day_now_next(*timed_day, at(15, 0))
    assert titles(result.current) == [["Parcours 1"]]
    assert result.upcoming is None
    result, until = day_now_next(*timed_day, at(19, 0))
    assert result.current == [] and result.upcoming is None
    assert until == at(0, 0, day=DAY + datetime.timedelta(days=1))


def test_the_event_zone_decides_not_the_server_one(timed_day):
    # 8h30 UTC is 9h30 in Paris in November.
    result, _until = day_now_next(*timed_day, at(8, 30, zone=datetime.UTC))
    assert titles(result.current) == [["Ouverture"]]


def test_outside_the_day_nothing(timed_day):
    result, until = day_now_next(*timed_day, at(23, 0, day=DAY - datetime.timedelta(days=1)))
    assert result is None and until == at(0, 0)
    result, until = day_now_next(*timed_day, at(0, 0, day=DAY + datetime.timedelta(days=1)))
    assert result is None and until is None


def test_a_day_without_any_time_names_no_session():
    day = SimpleNamespace(date=DAY)
    slots = [slot(session("Accueil")), slot(session("Atelier 1"), session("Atelier 2"), number=1)]
    result, until = day_now_next(day, slots, at(11, 0))
    assert result.untimed
    assert result.current == [] and result.upcoming is None
    assert until == at(0, 0, day=DAY + datetime.timedelta(days=1))


def test_the_edition_asks_only_the_day_of_today(timed_day):
    day, slots = timed_day
    other = SimpleNamespace(date=DAY + datetime.timedelta(days=1))
    asked = []

    def slots_of(asked_day):
        asked.append(asked_day)
        return slots

    result, _until = edition_now_next([day, other], at(9, 45), slots_of)
    assert asked == [day] and titles(result.current) == [["Ouverture"]]
    result, until = edition_now_next([day, other], at(20, 0, day=DAY - datetime.timedelta(days=3)), slots_of)
    assert result is None and until == at(0, 0) and asked == [day]


def test_the_earliest_limit_wins():
    request = SimpleNamespace()
    assert seconds_left(request) is None
    valid_until(request, at(10, 0))
    valid_until(request, at(9, 30))
    valid_until(request, None)
    assert seconds_left(request, now=at(9, 0)) == 30 * 60
    assert seconds_left(request, now=at(9, 45)) == 0


# --- On the pages -------------------------------------------------------------------


@pytest.fixture
def frozen(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr(clock, "current_time", lambda: moment)

    return freeze


def test_the_day_page_shows_what_is_on_now(client, visitor_site, frozen):
    # The plenary runs 14h-15h30, the routes leave at 14h; the workshops have no time.
    frozen(at(14, 30))
    html = client.get(visitor_site.day.url).content.decode()
    assert "En ce moment" in html and "Ensuite" not in html.split("En ce moment")[0]
    now_part = html.split('id="now-next-title"')[1].split("</section>")[0]
    assert "Plénière inspirante" in now_part and "Médiation numérique" in now_part
    assert "Les Halles" in now_part  # the room
    assert visitor_site.day.url + "par-salle/" in now_part


def test_in_english_in_the_english_words(client, visitor_site, frozen):
    frozen(at(13, 0))
    html = client.get(visitor_site.en.day.url).content.decode()
    now_part = html.split('id="now-next-title"')[1].split("</section>")[0]
    assert "Happening now" in now_part and "Next" in now_part
    assert "Inspiring plenary" in now_part and "2 pm" in now_part
    assert "by-room/" in now_part


def test_the_edition_page_links_the_day(client, visitor_site, frozen):
    frozen(at(14, 30))
    html = client.get(visitor_site.edition.url).content.decode()
    now_part = html.split('id="now-next-title"')[1].split("</section>")[0]
    assert visitor_site.day.url in now_part and "Plénière inspirante" in now_part


def test_outside_the_days_the_pages_show_nothing(client, visitor_site, frozen):
    frozen(at(14, 30, day=DAY + datetime.timedelta(days=1)))
    for url in (visitor_site.day.url, visitor_site.edition.url, visitor_site.en.day.url):
        assert "now-next" not in client.get(url).content.decode()


def test_the_page_cache_keeps_now_only_until_it_changes(client, visitor_site, frozen, settings, monkeypatch):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_TIMEOUT = 600
    cache.clear()
    moment = at(15, 29, 30)
    frozen(moment)
    monkeypatch.setattr("home.freshness.timezone.now", lambda: moment)
    stored = []
    real_set = cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith("pagecache:page:"):
            stored.append(timeout)
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    assert client.get(visitor_site.day.url)["X-Page-Cache"] == "miss"
    # The plenary ends at 15h30: the entry lives 30 seconds, not ten minutes.
    assert stored == [30]
    # A page that shows nothing of the clock keeps the cache's own lifetime.
    assert client.get(visitor_site.practical.url)["X-Page-Cache"] == "miss"
    assert stored == [30, 600]
