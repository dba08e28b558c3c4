"""The network's places and people (programme/places/): pages for the venues and people
of published sessions, what they hosted or led by edition, the index by town and its
search, the links from sessions, routes and partners, within the query budget."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programme.factories import PersonFactory, VenueFactory
from programme.places.views import person_url, venue_url

BUDGET = 15


def index_names(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_the_index_lists_the_places_by_town_not_the_rooms(client, visitor_site):
    VenueFactory(name="Lieu jamais utilisé", town="Arras")
    html = client.get("/fr/lieux/").content.decode()
    assert "Les tiers-lieux du réseau" in html
    towns = re.findall(r'<h2 id="town-\d+">([^<]+)</h2>', html)
    assert towns == ["Lille", "Lille Fives", "Lille Wazemmes", "Roubaix"]
    assert index_names(html) == ["Bazaar St So", "ESSpace 216", "Pop Café", "Emmaüs Connect"]
    assert "Lieu jamais utilisé" not in html and "Halle basse 2" not in html


def test_the_index_is_searchable(client, visitor_site):
    html = client.get("/fr/lieux/?q=roubaix").content.decode()
    assert index_names(html) == ["Emmaüs Connect"] and "1 lieu trouvé." in html
    assert "Aucun lieu ne correspond." in client.get("/fr/lieux/?q=nulle+part").content.decode()
    assert client.get("/fr/lieux/?q=" + "x" * 5000).status_code == 200
    english = client.get("/en/places/?q=caf").content.decode()
    assert index_names(english) == ["Pop Café"] and "1 place found." in english


def test_a_building_page_has_its_rooms_and_what_it_hosted(client, visitor_site):
    site = visitor_site
    html = client.get(venue_url(site.venues.bazaar)).content.decode()
    assert "<h1>Bazaar St So</h1>" in html and "292 rue Camille Guérin, 59000 Lille" in html
    assert "Lieu principal de l&#x27;édition." in html or "Lieu principal de l'édition." in html
    assert re.findall(
        r'<li><a href="[^"]+">([^<]+)</a></li>', html.split('id="rooms-title"')[1].split("</section>")[0]
    ) == [
        "Halle basse 2",
        "Les Halles",
    ]
    history = html.split('id="edition-2021"')[1]
    for title in ("Plénière inspirante", "1. Manufacture de proximité", "1. Médiation numérique"):
        assert title in history
    assert "openstreetmap.org/?mlat=50.629300&amp;mlon=3.087900" in html


def test_a_route_stop_page_says_which_route_visited_it(client, visitor_site):
    html = client.get(venue_url(visitor_site.venues.emmaus)).content.decode()
    assert "<h1>Emmaüs Connect</h1>" in html and "Roubaix" in html
    assert (
        "1. Médiation numérique" in html and "3. Communs numériques" in html and "étape du parcours" in html
    )


def test_in_english(client, visitor_site):
    site = visitor_site
    response = client.get(venue_url(site.venues.pop).replace("/fr/lieux/", "/en/places/"))
    html = response.content.decode()
    assert response.status_code == 200 and "Digital inclusion" in html and "stop of the route" in html
    # The language links lead to the same place.
    assert 'hreflang="fr"' in html or venue_url(site.venues.pop) in html


def test_a_person_page_lists_what_they_led(client, visitor_site):
    site = visitor_site
    yael = site.plenary.speakers.first().person
    html = client.get(person_url(yael)).content.decode()
    assert "<h1>Yaël Benayoun</h1>" in html and "Sociologue, Le Mouton Numérique" in html
    assert "Plénière inspirante" in html and "Intervenant·e" in html
    english = client.get(person_url(yael).replace("/fr/personnes/", "/en/people/")).content.decode()
    assert "Inspiring plenary" in english


def test_unused_or_unknown_ones_have_no_page(client, visitor_site):
    unused = PersonFactory(name="Personne sans séance")
    assert client.get(person_url(unused)).status_code == 404
    assert client.get(venue_url(VenueFactory(name="Lieu inutilisé"))).status_code == 404
    assert client.get("/fr/lieux/x-999999/").status_code == 404
    assert client.get("/fr/personnes/x-99999999999999999999/").status_code == 404
    # A wrong slug redirects to the right one.
    pop = visitor_site.venues.pop
    response = client.get(f"/fr/lieux/autre-nom-{pop.pk}/")
    assert response.status_code == 301 and response["Location"] == venue_url(pop)


def test_sessions_routes_and_partners_link_them(client, visitor_site):
    site = visitor_site
    plenary = client.get(site.plenary.url).content.decode()
    assert f'href="{venue_url(site.venues.halls)}"' in plenary
    assert f'href="{person_url(site.plenary.speakers.first().person)}"' in plenary
    route = client.get(site.route.url).content.decode()
    for venue in (site.venues.pop, site.venues.esspace, site.venues.emmaus, site.venues.bazaar):
        assert f'href="{venue_url(venue)}"' in route
    assert 'href="/fr/lieux/"' in client.get(site.organiser.url).content.decode()
    assert 'href="/en/places/"' in client.get(site.en.organiser.url).content.decode()


@pytest.mark.parametrize("which", ["index", "building", "stop", "person"])
def test_within_the_query_budget(client, visitor_site, settings, which):
    settings.PAGE_CACHE = False
    site = visitor_site
    url = {
        "index": "/fr/lieux/",
        "building": venue_url(site.venues.bazaar),
        "stop": venue_url(site.venues.emmaus),
        "person": person_url(site.plenary.speakers.first().person),
    }[which]
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    listing = "\n".join(q["sql"][:200] for q in queries.captured_queries)
    assert len(queries) <= BUDGET, f"{len(queries)} queries\n{listing}"
