""" "Mon programme" without an account (home/companion.py): the selection in the address,
the sessions in order with their clashes, one calendar of them, both languages."""

import re

import pytest
from icalendar import Calendar

from home.companion import parse_keys, short_key


def keys(*sessions):
    return ".".join(short_key(session.translation_key) for session in sessions)


def my_url(edition):
    return edition.url + ("mon-programme/" if edition.locale.language_code == "fr" else "my-programme/")


def test_every_session_has_a_star_button(client, visitor_site):
    html = client.get(visitor_site.day.url).content.decode()
    buttons = re.findall(
        r'<button type="button" class="star" data-star="([0-9a-f]{8})"[^>]*aria-pressed="false" hidden>', html
    )
    sessions = [
        visitor_site.plenary,
        visitor_site.workshop1,
        visitor_site.workshop2,
        visitor_site.route,
        visitor_site.route_unmapped,
    ]
    assert buttons == [short_key(session.translation_key) for session in sessions]
    assert "Ajouter à mon programme" in html
    session_page = client.get(visitor_site.en.route.url).content.decode()
    assert f'data-star="{short_key(visitor_site.route.translation_key)}"' in session_page
    assert "Add to my programme" in session_page


def test_the_edition_menu_links_my_programme(client, visitor_site):
    assert f'href="{my_url(visitor_site.edition)}"' in client.get(visitor_site.day.url).content.decode()
    assert f'href="{my_url(visitor_site.en.edition)}"' in client.get(visitor_site.en.day.url).content.decode()


def test_the_starred_and_registered_sessions_in_order_with_clashes(client, visitor_site):
    site = visitor_site
    # Starred in any order; workshop 1 and 2 share a slot, the plenary and the route both start at 14h.
    url = (
        my_url(site.edition) + f"?s={keys(site.workshop2, site.route, site.workshop1)}&r={keys(site.plenary)}"
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', html)
    assert titles == [
        "Plénière inspirante",
        "1. Manufacture de proximité",
        "2. Outils numériques et émancipation",
        "1. Médiation numérique",
    ]
    assert html.count("my-programme__item--clash") == 4
    assert "Certaines séances ont lieu en même temps" in html
    assert html.count("Inscrit·e</p>") == 1
    assert 'name="robots" content="noindex"' in html
    # The share link holds the sessions and nothing of the registrations.
    share = re.search(r'id="share-url" class="share-url" type="text" readonly value="([^"]+)"', html).group(1)
    assert "r=" not in share and "p=" in share
    assert set(parse_keys(share.split("p=")[1])) == set(
        parse_keys(keys(site.plenary, site.workshop1, site.workshop2, site.route))
    )


def test_one_calendar_of_them_with_the_same_uids(client, visitor_site):
    site = visitor_site
    query = f"?s={keys(site.workshop1, site.route)}&r={keys(site.plenary)}"
    response = client.get(site.edition.url + "mon-programme.ics" + query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    uids = sorted(str(event["uid"]) for event in calendar.walk("VEVENT"))
    expected = sorted(
        f"{page.translation_key}@ectl-programme" for page in (site.workshop1, site.route, site.plenary)
    )
    assert uids == expected
    feed = Calendar.from_ical(client.get(site.day.url + "calendrier.ics").content)
    assert set(expected) <= {str(event["uid"]) for event in feed.walk("VEVENT")}


def test_a_link_from_french_opens_in_english(client, visitor_site):
    site = visitor_site
    html = client.get(my_url(site.en.edition) + f"?s={keys(site.plenary, site.workshop1)}").content.decode()
    assert "My programme" in html and "Inspiring plenary" in html and "1. Local manufacturing" in html
    assert "At the same time as:" not in html


def test_a_shared_programme_shows_no_registration(client, visitor_site):
    site = visitor_site
    html = client.get(my_url(site.edition) + f"?p={keys(site.plenary)}&r={keys(site.route)}").content.decode()
    assert "Un programme partagé" in html and "Plénière inspirante" in html
    assert "Médiation numérique" not in html and "Inscrit·e</p>" not in html
    assert "data-import-shared" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?s=",
        "?s=zzzzzzzz",
        "?s=" + "a" * 5000,
        "?s=../../etc",
        "?r=%00",
        "?p=12345678.12345678",
        "?s[]=1",
    ],
)
def test_bad_or_empty_selections_give_an_empty_programme(client, visitor_site, query):
    response = client.get(my_url(visitor_site.edition) + query)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "Votre programme est vide" in response.content.decode()
    calendar = client.get(visitor_site.edition.url + "mon-programme.ics" + query)
    assert calendar.status_code in (200, 400)


def test_parse_keys_keeps_valid_keys_once_in_order():
    assert parse_keys("ABCDEF12.zz.abcdef12.0123abcd.toolongkey") == ["abcdef12", "0123abcd"]
    assert len(parse_keys(".".join(f"{n:08x}" for n in range(1000)))) == 200
