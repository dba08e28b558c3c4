"""The visitor's companion in a real browser (Playwright on Debian's Chromium): starring
sessions, "Mon programme" with its clash, and axe on the new pages in both languages at
390 and 1366 pixels."""

import json
import os
import re

import pytest
import wagtail_factories
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from home.companion import short_key
from programme.places.views import person_url, venue_url
from programme.tests.test_replays import YOUTUBE, video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Screenshots to look at, when asked for: SCREENSHOTS_DIR=/some/dir pytest …
SHOTS = os.environ.get("SCREENSHOTS_DIR", "")


@pytest.fixture
def browser_page(page):
    page.set_default_timeout(30_000)
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def star(page, title):
    card = page.locator("article.card", has=page.get_by_role("link", name=title, exact=True))
    button = card.get_by_role("button", name="Ajouter à mon programme")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.focus()
    page.keyboard.press("Enter")  # the keyboard works as well as a tap
    expect(button).to_have_attribute("aria-pressed", "true")


def test_a_visitor_stars_three_sessions_and_sees_the_clash(browser_page, live_server, fresh_visitor_site):
    page, site = browser_page, fresh_visitor_site
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{site.day.url}")
    star(page, "Plénière inspirante")
    star(page, "1. Manufacture de proximité")
    star(page, "2. Outils numériques et émancipation")
    expect(page.locator("#star-status")).to_have_text("Ajoutée à mon programme")
    shoot(page, "day-stars-390")

    page.get_by_role("navigation", name="Édition 2021").get_by_role("link", name="Mon programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon programme")
    titles = page.locator(".my-programme__item .card__title")
    expect(titles).to_have_text(
        ["Plénière inspirante", "1. Manufacture de proximité", "2. Outils numériques et émancipation"]
    )
    expect(page.locator(".my-programme__item--clash")).to_have_count(2)
    expect(page.locator(".my-programme__warning")).to_be_visible()
    assert "s=" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "my-programme-390")

    # Unstarring one there removes it.
    item = page.locator(
        ".my-programme__item", has=page.get_by_role("heading", name="2. Outils numériques et émancipation")
    )
    item.get_by_role("button").click()
    expect(titles).to_have_count(2)
    expect(page.locator(".my-programme__item--clash")).to_have_count(0)

    # The same programme in English, from the stored selection alone.
    page.goto(f"{live_server.url}{site.en.edition.url}my-programme/")
    expect(page.locator(".my-programme__item .card__title")).to_have_text(
        ["Inspiring plenary", "1. Local manufacturing"]
    )
    assert page.errors == []


def test_a_shared_programme_can_be_added_to_ones_own(browser_page, live_server, fresh_visitor_site):
    page, site = browser_page, fresh_visitor_site
    page.goto(f"{live_server.url}{site.edition.url}mon-programme/?p={short_key(site.route.translation_key)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Un programme partagé")
    page.get_by_role("button", name="Ajouter ces séances à mon programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon programme")
    expect(page.locator(".my-programme__item .card__title")).to_have_text(["1. Médiation numérique"])


def add_replays(site):
    slides = wagtail_factories.DocumentFactory(title="Diaporama de la plénière", file__filename="slides.pdf")
    for page, title in ((site.plenary, "Replay de la plénière"), (site.en.plenary, "Replay of the plenary")):
        page = type(page).objects.get(pk=page.pk)
        page.body = json.dumps([video(YOUTUBE, title, 92, [slides.pk])])
        page.save_revision().publish()


def test_a_replay_plays_only_after_a_click(browser_page, live_server, fresh_visitor_site):
    page, site = browser_page, fresh_visitor_site
    add_replays(site)
    asked = []

    def player(route):
        asked.append(route.request.url)
        route.fulfill(status=200, body="<!doctype html><title>player</title>", content_type="text/html")

    page.route(re.compile(r"https://(www\.)?youtube(-nocookie)?\.com/.*"), player)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{site.plenary.url}")
    expect(page.locator(".video__title")).to_have_text("Replay de la plénière")
    expect(page.locator(".video__duration")).to_have_text("Durée : 1 h 32")
    expect(page.locator("iframe")).to_have_count(0)
    shoot(page, "replay-390")
    assert asked == []
    page.get_by_role("button", name="Lire la vidéo : Replay de la plénière").click()
    frame = page.locator(".video__stage iframe")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    expect(frame).to_have_attribute("title", "Replay de la plénière")
    page.wait_for_timeout(300)
    assert asked and all(url.startswith("https://www.youtube-nocookie.com/embed/") for url in asked)
    # The CSP let the frame in: no violation reported.
    assert [error for error in page.errors if "Content Security Policy" in error] == []


def test_axe_finds_no_violation_on_the_new_pages(browser_page, live_server, fresh_visitor_site):
    page, site, axe = browser_page, fresh_visitor_site, Axe()
    add_replays(site)
    yael = site.plenary.speakers.first().person
    both = f"?s={short_key(site.workshop1.translation_key)}.{short_key(site.workshop2.translation_key)}"
    pages = [
        (f"{site.edition.url}mon-programme/{both}", f"{site.en.edition.url}my-programme/{both}"),
        (f"{site.edition.url}mon-programme/", f"{site.en.edition.url}my-programme/"),
        (f"{site.edition.url}replays/", f"{site.en.edition.url}replays/"),
        (site.plenary.url, site.en.plenary.url),
        ("/fr/lieux/", "/en/places/"),
        ("/fr/lieux/?q=lille", "/en/places/?q=lille"),
        (venue_url(site.venues.bazaar), venue_url(site.venues.bazaar).replace("/fr/lieux/", "/en/places/")),
        (venue_url(site.venues.pop), venue_url(site.venues.pop).replace("/fr/lieux/", "/en/places/")),
        (person_url(yael), person_url(yael).replace("/fr/personnes/", "/en/people/")),
        (
            f"/fr/inscriptions/avis/seance/{site.plenary.pk}/",
            f"/en/inscriptions/avis/seance/{site.en.plenary.pk}/",
        ),
    ]
    failures = []
    for french, english in pages:
        for language, url in (("fr", french), ("en", english)):
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                assert page.goto(f"{live_server.url}{url}").status == 200
                expect(page.locator("html")).to_have_attribute("lang", language)
                if viewport is PHONE:
                    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
                    shoot(page, f"axe-{language}-{len(failures)}-{url.strip('/').replace('/', '_')[:60]}")
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
                for violation in results.response["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    failures.append(f"{language} {viewport['width']}px {url}: {violation['id']} {targets}")
    assert failures == [], "\n".join(failures)
    assert page.errors == []


CACHED_URLS = """async () => {
    const urls = [];
    for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname + new URL(request.url).search);
    }
    return urls;
}"""


def test_offline_the_day_page_and_my_programme_stay_readable(browser_page, live_server, fresh_visitor_site):
    page, site = browser_page, fresh_visitor_site
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{site.edition.url}")
    # Polled from here: the page's CSP forbids the string evaluation wait_for_function uses.
    for _attempt in range(120):
        if page.evaluate("() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"):
            break
        page.wait_for_timeout(500)
    # Once the edition is opened, its pages are kept: days, sessions, routes, practical information.
    wanted = [site.day.url, site.plenary.url, site.route.url, site.practical.url, site.edito.url]
    for _attempt in range(120):
        stored = page.evaluate(CACHED_URLS)
        if all(url in stored for url in wanted):
            break
        page.wait_for_timeout(500)
    assert all(url in stored for url in wanted), stored
    page.goto(f"{live_server.url}{site.day.url}")
    for title in (
        "Plénière inspirante",
        "1. Manufacture de proximité",
        "2. Outils numériques et émancipation",
    ):
        star(page, title)
    page.get_by_role("navigation", name="Édition 2021").get_by_role("link", name="Mon programme").click()
    expect(page.locator(".my-programme__item--clash")).to_have_count(2)

    page.context.set_offline(True)
    try:
        page.goto(f"{live_server.url}{site.day.url}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Programme du 29/11")
        expect(page.locator(".offline-notice")).to_be_visible()
        expect(page.locator(".offline-notice")).to_contain_text("hors ligne — dernière mise à jour à")
        shoot(page, "offline-day-390")
        # A session with registration: its stored state is not shown as live.
        page.goto(f"{live_server.url}{site.plenary.url}")
        expect(page.locator(".offline-notice")).to_be_visible()
        expect(page.locator(".registration-panel")).to_contain_text("s’affichent avec une connexion")
        expect(page.locator(".registration-panel .registration-action")).to_be_hidden()
        # Mon programme, from its plain address: the stored selection leads to the stored copy.
        page.goto(f"{live_server.url}{site.edition.url}mon-programme/")
        expect(page.locator(".my-programme__item .card__title")).to_have_text(
            ["Plénière inspirante", "1. Manufacture de proximité", "2. Outils numériques et émancipation"]
        )
        expect(page.locator(".offline-notice")).to_be_visible()
        # The registration form needs a connection, and says so.
        page.goto(f"{live_server.url}/fr/inscriptions/seance/{site.plenary.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hors ligne")
        expect(page.locator("main")).to_contain_text("ont besoin d'une connexion")
    finally:
        page.context.set_offline(False)
    stored = page.evaluate(CACHED_URLS)
    assert stored and not [url for url in stored if "/inscriptions/" in url]
    assert "/sw.js" not in stored


def test_the_worker_and_manifest_are_served_at_the_root(client, db):
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/" and "no-cache" in worker["Cache-Control"]
    body = worker.content.decode()
    assert '"/fr/inscriptions/"' in body and '"/en/inscriptions/"' in body and "ectl-pages-" in body
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
