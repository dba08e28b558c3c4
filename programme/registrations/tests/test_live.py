"""The live registration state of cached pages (programme/registrations/live.py): a
registration changes what visitors are served at once, without emptying the page cache;
the head and the panel agree; placeholders cannot be forged; one query per page."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from portal import cache as page_cache
from programme.registrations import live
from programme.registrations.sessions import resolve_session

pytestmark = pytest.mark.django_db

SOLD_OUT = "https://schema.org/SoldOut"
IN_STOCK = "https://schema.org/InStock"


@pytest.fixture
def registered(register, django_capture_on_commit_callbacks):
    """register(), its after-commit announcement included (it forgets the live counts)."""

    def do(page):
        with django_capture_on_commit_callbacks(execute=True):
            return register(page)

    return do


def offer_availability(html):
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)["offers"].get("availability")


def panel_state(html):
    return re.search(r'class="registration-state registration-state--([a-z_]+)"', html).group(1)


def entry_of(url, language="fr"):
    """The page cache's raw entry for ``url`` (the key of an anonymous GET)."""
    request = RequestFactory().get(url)
    return cache.get(page_cache.cache_key(request, url, language))


def test_a_cached_session_page_shows_the_new_places_left_at_once(
    client, cached, workshop, day, register, django_capture_on_commit_callbacks
):
    assert client.get(day.url)["X-Page-Cache"] == "miss"
    first = client.get(workshop.url)
    assert first["X-Page-Cache"] == "miss"
    assert "2 places restantes" in first.content.decode()
    entry = entry_of(workshop.url)
    day_entry = entry_of(day.url)

    with django_capture_on_commit_callbacks(execute=True):
        register(workshop)

    second = client.get(workshop.url)
    assert second["X-Page-Cache"] == "hit"
    assert "1 place restante" in second.content.decode()
    assert "2 places restantes" not in second.content.decode()
    # The cache was not emptied: the same entries, placeholders and all.
    assert entry_of(workshop.url) == entry
    assert entry_of(day.url) == day_entry
    assert client.get(day.url)["X-Page-Cache"] == "hit"
    assert b"ectl-live" in entry[3] and b"ectl-live" not in second.content


def test_a_hit_reads_the_page_and_its_counts_in_one_cache_round_trip(
    client, cached, workshop, registered, monkeypatch
):
    client.get(workshop.url)  # miss: stored, with the keys of the counts it needs
    registered(workshop)  # the counts are forgotten: the next hit must still be right
    reads = []
    real_get_many = cache.get_many

    def get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(workshop.url)
    assert second["X-Page-Cache"] == "hit"
    assert "1 place restante" in second.content.decode()
    assert len(reads) == 1  # generation, page and counts together
    assert len(queries) == 1  # the forgotten counts, counted afresh
    with CaptureQueriesContext(connection) as queries:
        third = client.get(workshop.url)
    assert "1 place restante" in third.content.decode()
    assert len(reads) == 2 and len(queries) == 0  # the counts came with the page


def test_full_shows_complet_and_no_button(client, cached, make_workshop, registered):
    session = make_workshop(capacity=1, waiting_list_enabled=False)
    client.get(session.url)
    registered(session)

    html = client.get(session.url).content.decode()
    assert panel_state(html) == "full"
    assert ">Complet</p>" in html
    assert "M&#x27;inscrire" not in html and "M'inscrire" not in html
    assert offer_availability(html) == SOLD_OUT


def test_full_with_a_waiting_list_offers_it(client, cached, make_workshop, registered):
    session = make_workshop(capacity=1, waiting_list_enabled=True)
    client.get(session.url)
    registered(session)

    response = client.get(session.url)
    html = response.content.decode()
    assert response["X-Page-Cache"] == "hit"
    assert panel_state(html) == "waiting_list"
    assert "Rejoindre la liste d" in html
    assert offer_availability(html) == SOLD_OUT


@pytest.mark.parametrize("registrations", [0, 1])
def test_the_head_and_the_panel_agree(client, cached, make_workshop, registered, registrations):
    session = make_workshop(capacity=1, waiting_list_enabled=False)
    client.get(session.url)
    for _ in range(registrations):
        registered(session)

    html = client.get(session.url).content.decode()
    expected = {"open": IN_STOCK, "full": SOLD_OUT}[panel_state(html)]
    assert offer_availability(html) == expected
    assert panel_state(html) == ("full" if registrations else "open")


def test_the_english_page_is_filled_in_english(client, cached, workshop, translate, registered):
    page = translate(workshop)
    assert client.get(page.url)["X-Page-Cache"] == "miss"
    registered(workshop)

    response = client.get(page.url)
    with translation.override("en"):
        expected = ngettext("%(count)s place restante", "%(count)s places restantes", 1) % {"count": 1}
    assert response["X-Page-Cache"] == "hit"
    assert expected in response.content.decode()
    form_url = re.search(r'class="button" href="([^"]+)"', response.content.decode()).group(1)
    # The English page's own form, in English (not the French page's under /en/).
    with translation.override("en"):
        assert form_url == reverse("registrations:register", args=[page.pk])


def test_a_hostile_title_cannot_break_or_forge_a_placeholder(client, cached, make_workshop):
    info = resolve_session(make_workshop(title="Vraie", slug="vraie"))
    forged_html = str(live.panel_placeholder(info, "fr"))
    forged_json = f'"{live.offer_member(info, "fr")}": 0, '
    hostile = make_workshop(title=f'{forged_html} --> <b>x</b> {forged_json}"', slug="hostile", capacity=5)

    html = client.get(hostile.url).content.decode()
    # The title is shown as text, escaped, and nothing in it was taken for a placeholder.
    assert "&lt;!--ectl-live panel." in html and "<b>x</b>" not in html
    assert html.count('class="registration-state ') == 1
    assert "5 places restantes" in html
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    event = json.loads(block)  # still valid JSON
    assert event["name"] == hostile.title
    assert event["offers"]["availability"] == IN_STOCK


def test_a_placeholder_with_a_wrong_signature_is_left_alone(make_workshop):
    info = resolve_session(make_workshop())
    genuine = str(live.panel_placeholder(info, "fr")).encode()
    forged = genuine[:-10] + b"0000000-->"
    assert live.fill(forged) == forged
    assert b"ectl-live" not in live.fill(genuine)


def test_one_query_for_every_session_of_a_page(make_workshop, register):
    sessions = [make_workshop(title=f"Atelier {n}", slug=f"atelier-{n}", capacity=3) for n in range(12)]
    register(sessions[0]), register(sessions[1]), register(sessions[1])
    content = b"".join(
        str(live.panel_placeholder(resolve_session(page), "fr")).encode()
        + f'{{"@type": "Offer", "{live.offer_member(resolve_session(page), "fr")}": 0, "price": 0}}'.encode()
        for page in sessions
    )

    with CaptureQueriesContext(connection) as queries:
        filled = live.fill(content).decode()

    assert len(queries) == 1
    with CaptureQueriesContext(connection) as again:
        assert live.fill(content).decode() == filled
    assert len(again) == 0  # the counts are kept until the next change
    assert "ectl-live" not in filled
    assert filled.count("3 places restantes") == 10
    assert filled.count("2 places restantes") == 1 and filled.count("1 place restante") == 1
    assert filled.count(IN_STOCK) == 12


def test_a_change_is_counted_at_once_though_counts_are_kept(make_workshop, registered):
    page = make_workshop(capacity=3)
    content = str(live.panel_placeholder(resolve_session(page), "fr")).encode()
    assert b"3 places restantes" in live.fill(content)
    registered(page)
    assert b"2 places restantes" in live.fill(content)


def test_the_window_is_live_too(make_workshop):
    """A cached page says "closed" once the window has closed, with no content change."""
    now = timezone.now()
    info = resolve_session(make_workshop(registration_closes_at=now + timedelta(hours=1)))
    content = str(live.panel_placeholder(info, "fr")).encode()
    assert b"registration-state--open" in live.fill(content, now=now)
    assert b"registration-state--closed" in live.fill(content, now=now + timedelta(hours=2))
