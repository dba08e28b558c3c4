"""The programme by room (programme/rooms.py, …/par-salle/) and the venue map of the admin."""

import re

import pytest
from django.urls import reverse

from programme.models import Venue
from programme.rooms import day_rooms

pytestmark = pytest.mark.django_db


def test_a_day_is_grouped_by_room_in_order_of_first_session(visitor_site):
    rooms = day_rooms(visitor_site.day)
    assert [room.name for room in rooms] == [
        "Les Halles, Bazaar St So",
        "Halle basse 2, Bazaar St So",
        "Bazaar St So",
        "Autres lieux",
    ]
    assert [s.title for s in rooms[0].sessions] == [
        "Plénière inspirante",
        "Outils numériques et émancipation",
    ]
    assert rooms[0].address == "292 rue Camille Guérin, 59000 Lille"  # the building's
    assert rooms[-1].is_other_places and [s.title for s in rooms[-1].sessions] == ["Communs numériques"]


def test_the_rooms_page_lists_each_room_with_a_door_sign_link(client, visitor_site):
    html = client.get(f"{visitor_site.day.url}par-salle/").content.decode()
    assert "<h1>Programme du 29/11 par salle</h1>" in html
    assert re.findall(r'<h2 id="room-[^"]+" class="room__name">([^<]+)</h2>', html) == [
        "Les Halles, Bazaar St So",
        "Halle basse 2, Bazaar St So",
        "Bazaar St So",
        "Autres lieux",
    ]
    assert f'href="{visitor_site.day.url}par-salle/halle-basse-2-bazaar-st-so/"' in html
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html


def test_one_room_is_a_door_sign_and_switches_language_in_place(client, visitor_site):
    response = client.get(f"{visitor_site.day.url}par-salle/halle-basse-2-bazaar-st-so/")
    html = response.content.decode()
    assert "<h1>Halle basse 2, Bazaar St So</h1>" in html
    assert "Manufacture de proximité" in html and "Plénière inspirante" not in html
    english = f"{visitor_site.en.day.url}by-room/halle-basse-2-bazaar-st-so/"
    assert f'<a href="{english}" hreflang="en">' in html
    assert client.get(english).status_code == 200


def test_the_day_page_links_to_the_rooms_and_its_calendar(client, visitor_site):
    html = client.get(visitor_site.day.url).content.decode()
    assert f'href="{visitor_site.day.url}par-salle/"' in html
    assert f'href="{visitor_site.day.url}calendrier.ics"' in html
    english = client.get(visitor_site.en.day.url).content.decode()
    assert f'href="{visitor_site.en.day.url}by-room/"' in english
    assert f'href="{visitor_site.en.day.url}calendar.ics"' in english


@pytest.mark.parametrize(
    ("path", "language", "title"),
    [
        ("/fr/2021/programme-du-29-11/par-salle/salle-inconnue/", "fr", "Page introuvable"),
        ("/en/2021/programme-29-11/by-room/unknown-room/", "en", "Page not found"),
        ("/fr/2021/programme-du-30-11/par-salle/", "fr", "Page introuvable"),  # unknown day
        ("/en/2021/no-such-day/by-room/", "en", "Page not found"),
        ("/fr/2021/informations-pratiques/par-salle/", "fr", "Page introuvable"),  # not a day
        ("/fr/2021/programme-du-29-11/atelier-inconnu/", "fr", "Page introuvable"),  # unknown session
        ("/en/2021/programme-29-11/unknown-session/", "en", "Page not found"),
    ],
)
def test_unknown_days_rooms_and_sessions_are_translated_404_pages(
    client, visitor_site, path, language, title
):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    assert 'class="skip-link"' in html


def test_editors_place_a_venue_on_a_map_in_the_admin(admin_client, visitor_site):
    venue = visitor_site.venues.emmaus
    url = reverse(f"wagtailsnippets_programme_{Venue._meta.model_name}:edit", args=[venue.pk])
    html = admin_client.get(url).content.decode()
    assert "data-venue-position" in html
    assert 'data-latitude-input="id_latitude" data-longitude-input="id_longitude"' in html
    assert "vendor/leaflet/leaflet.js" in html and "js/venue-position.js" in html
    assert 'data-tile-url="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
