"""What search engines and link previews see (programme/seo.py, visitor_tags.page_meta):
meta description, OpenGraph and Twitter tags, schema.org Event data, the sitemap of both
languages, robots.txt, the favicon; and the partners' logos as <picture>."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from home.factories import EditionPageFactory
from partners.models import PartnerPage
from programme import seo
from programme.factories import ProgrammeDayPageFactory, WorkshopPageFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def meta(html, name):
    """The content of <meta name|property="name">, or None."""
    found = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">', html)
    return found.group(1) if found else None


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_the_edition_page_describes_itself_for_search_engines_and_previews(client, visitor_site):
    html = html_of(client, "/fr/2021/")
    description = "Tiers-lieux et numérique : rencontrer les acteurs qui font le territoire."
    assert meta(html, "description") == description
    assert meta(html, "og:description") == description
    assert meta(html, "og:title") == "En Compagnie des Tiers-Lieux 2021"
    assert meta(html, "og:locale") == "fr_FR"
    assert meta(html, "og:locale:alternate") == "en_GB"
    assert '<link rel="canonical" href="http://localhost/fr/2021/">' in html
    image = meta(html, "og:image")
    assert image.startswith("http://localhost/media/images/") and image.endswith(".jpg")
    assert ".fill-1200x630" in image
    # A 1200×630 crop, or smaller with that shape when the original is smaller.
    width, height = int(meta(html, "og:image:width")), int(meta(html, "og:image:height"))
    assert width <= 1200 and width / height == pytest.approx(1200 / 630, rel=0.05)
    assert meta(html, "og:image:alt") == "Les Halles, vues d&#x27;en haut"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "twitter:image") == image

    [event] = json_ld(html)
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["startDate"] == event["endDate"] == "2021-11-29"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["name"] == "Bazaar St So"
    assert event["location"]["address"]["streetAddress"] == "292 rue Camille Guérin"
    assert event["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 50.6293, "longitude": 3.0879}
    assert event["organizer"] == [
        {
            "@type": "Organization",
            "name": "La Compagnie des Tiers-Lieux",
            "url": "https://example.org/compagnie",
        }
    ]
    assert event["image"] == [image]


def test_a_timed_session_is_an_event_of_the_edition_with_its_people(client, visitor_site):
    html = html_of(client, visitor_site.plenary.url)
    assert meta(html, "description") == "Le numérique, une affaire de tiers-lieux ?"
    [event] = json_ld(html)
    assert event["name"] == "Plénière inspirante"
    assert event["startDate"] == "2021-11-29T14:00:00+01:00"
    assert event["endDate"] == "2021-11-29T15:30:00+01:00"
    assert event["location"]["name"] == "Les Halles, Bazaar St So"
    assert event["location"]["address"]["addressLocality"] == "Lille"  # the building's address
    assert event["superEvent"]["url"].endswith("/fr/2021/")
    assert event["performer"] == [
        {
            "@type": "Person",
            "name": "Yaël Benayoun",
            "affiliation": {"@type": "Organization", "name": "Le Mouton Numérique"},
        }
    ]
    # Registration is required; the 2021 edition is over, so nothing is on offer any more.
    assert event["offers"]["price"] == 0
    assert "availability" not in event["offers"]


def test_a_session_without_time_has_dates_only(client, visitor_site):
    [event] = json_ld(html_of(client, visitor_site.workshop2.url))
    assert event["startDate"] == event["endDate"] == "2021-11-29"
    assert "offers" not in event


def test_a_route_lists_its_meeting_point_then_its_stops(client, visitor_site):
    [event] = json_ld(html_of(client, visitor_site.route.url))
    names = [place["name"] for place in event["location"]]
    assert names[0].startswith("Départ rue Camille Guérin")
    assert names[1:] == ["Pop Café", "ESSpace 216", "Emmaüs Connect"]
    assert event["location"][1]["geo"]["latitude"] == 50.626
    assert "geo" not in event["location"][3]
    assert event["endDate"] == "2021-11-29T18:00:00+01:00"  # its return time


def test_english_pages_say_so(client, visitor_site):
    html = html_of(client, visitor_site.en.plenary.url)
    assert meta(html, "og:locale") == "en_GB"
    [event] = json_ld(html)
    assert event["name"] == "Inspiring plenary"
    assert event["inLanguage"] == "en"


def test_pages_that_are_not_events_have_no_event_data(client, visitor_site):
    for url in ("/fr/", visitor_site.practical.url, visitor_site.partners.url, visitor_site.day.url):
        assert json_ld(html_of(client, url)) == [], url


def test_a_title_cannot_break_out_of_the_json_ld_script(client, visitor_site):
    visitor_site.workshop2.title = "</script><script>alert(1)</script>"
    visitor_site.workshop2.save_revision().publish()
    html = html_of(client, visitor_site.workshop2.url)
    [event] = json_ld(html)
    assert event["name"] == "2. </script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


@pytest.fixture
def future_session(visitor_site):
    edition = EditionPageFactory(parent=visitor_site.home, year=2030, start_date=datetime.date(2030, 11, 25))
    day = ProgrammeDayPageFactory(parent=edition, title="Lundi", slug="lundi")
    return WorkshopPageFactory(
        parent=day,
        title="Atelier complet bientôt",
        registration_required=True,
        capacity=1,
        waiting_list_enabled=True,
    )


def test_availability_follows_the_registration_state(
    client, future_session, django_capture_on_commit_callbacks
):
    from programme.registrations import services

    [event] = json_ld(html_of(client, future_session.url))
    assert event["offers"]["availability"] == "https://schema.org/InStock"
    with django_capture_on_commit_callbacks(execute=True):
        services.register(
            future_session, email="ada@example.org", first_name="Ada", last_name="L", now=timezone.now()
        )
    [event] = json_ld(html_of(client, future_session.url))
    assert event["offers"]["availability"] == "https://schema.org/SoldOut"


def test_the_rendered_offer_carries_no_availability_of_its_own(future_session):
    """The offer's availability is live (programme/registrations/live.py fills it when
    the page is served): the data the page renders, and the cache stores, has none."""
    event = seo.session_event(future_session)
    assert "availability" not in event["offers"]


def test_the_sitemap_lists_both_languages_with_their_alternates(client, visitor_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    entries = {url.findtext("s:loc", namespaces=SITEMAP_NS): url for url in root.findall("s:url", SITEMAP_NS)}
    assert "http://localhost/fr/" in entries
    assert "http://localhost/en/" in entries
    assert "http://localhost/en/2021/programme-29-11/pleniere-inspirante/" in entries
    assert "http://localhost/fr/2021/programme-du-29-11/pleniere-inspirante/" in entries
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in entries["http://localhost/fr/2021/"].findall("x:link", SITEMAP_NS)
    }
    assert alternates == {"fr": "http://localhost/fr/2021/", "en": "http://localhost/en/2021/"}


def test_the_sitemap_leaves_out_drafts(client, visitor_site):
    visitor_site.workshop1.unpublish()
    body = client.get("/sitemap.xml").content.decode()
    assert "/fr/2021/programme-du-29-11/atelier-1-manufacture-de-proximite/" not in body
    assert "/en/2021/programme-29-11/atelier-1-manufacture-de-proximite/" in body


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_parts(client, visitor_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /fr/inscriptions/" in lines
    assert "Disallow: /en/inscriptions/" in lines
    assert "Disallow: /fr/recherche/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines


def test_every_page_has_a_favicon(client, visitor_site):
    html = html_of(client, "/fr/")
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg" type="image/svg\+xml">', html)
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"


def test_partner_logos_are_webp_pictures_with_a_fallback_and_their_size(client, visitor_site):
    html = html_of(client, visitor_site.partners.url)
    picture = re.search(r"<picture>(.*?)</picture>", html, re.S).group(1)
    assert re.search(r'<source type="image/webp" srcset="[^"]+\.webp 1x, [^"]+\.webp 2x">', picture)
    img = re.search(r"<img [^>]+>", picture).group(0)
    # The logo is a PNG (it may be transparent): the fallback stays PNG.
    assert re.search(r'src="[^"]+\.max-240x120\.format-png\.png"', img)
    assert re.search(r'width="\d+" height="\d+"', img)
    assert 'alt=""' in img  # the partner's name is the heading right below it
    # Tiers in order, each a section with its heading.
    assert html.index("Organisateur") < html.index("Financeur")


def test_without_an_organiser_partner_the_site_organises(client, visitor_site):
    PartnerPage.objects.filter(tier="organiser").update(tier="partner")
    [event] = json_ld(html_of(client, "/fr/2021/"))
    assert event["organizer"] == [
        {"@type": "Organization", "name": "En Compagnie des Tiers-Lieux", "url": "http://localhost/fr/"}
    ]
