"""The visitors' side in a real browser (Playwright on Debian's Chromium, RECIPES.md).

- A visitor on a phone opens the programme, switches language and stays on the same
  page, opens a route and sees its stops in order (and its map).
- axe-core finds no WCAG 2.0/2.1 A or AA violation on any public page type, in French
  and English, 390 and 1366 pixels wide (the 404 page included).
- The keyboard reaches the skip link and the language switcher, with a visible focus.
- No page ships more than 100 KB of HTML, CSS and JavaScript.
- A route without positions shows its list, no map and no script error.
- Printing: a day's programme on A4, one door sign per room.

Map tiles never leave the machine: requests to the tile server are answered with a
blank tile, so the tests see exactly what a visitor sees, without the network.
"""

import base64
import gzip
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WEIGHT_LIMIT = 100 * 1024
# A 1×1 transparent PNG: what the tile server answers here.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture
def browser_page(page, live_server):
    """The Playwright page, with tiles served locally and every console error and
    uncaught exception recorded in ``page.errors`` (exceptions also in ``page.exceptions``)."""
    page.set_default_timeout(30_000)
    page.errors, page.exceptions = [], []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: (page.errors.append(str(error)), page.exceptions.append(str(error))))
    page.route(
        re.compile(r"https://[a-z.]*tile\.openstreetmap\.org/.*"),
        lambda route: route.fulfill(status=200, body=BLANK_TILE, content_type="image/png"),
    )
    return page


def public_pages(site):
    """(name, French URL, English URL) of every public page type and view."""
    en = site.en
    return [
        ("home", "/fr/", "/en/"),
        ("edition", site.edition.url, en.edition.url),
        ("edito", site.edito.url, en.edito.url),
        ("day", site.day.url, en.day.url),
        ("rooms", f"{site.day.url}par-salle/", f"{en.day.url}by-room/"),
        (
            "door sign",
            f"{site.day.url}par-salle/les-halles-bazaar-st-so/",
            f"{en.day.url}by-room/les-halles-bazaar-st-so/",
        ),
        ("session", site.plenary.url, en.plenary.url),
        ("route with map", site.route.url, en.route.url),
        ("route without map", site.route_unmapped.url, en.route_unmapped.url),
        ("content", site.practical.url, en.practical.url),
        ("partners", site.partners.url, en.partners.url),
        ("partner", site.organiser.url, en.organiser.url),
        ("search", "/fr/recherche/?q=num%C3%A9rique", "/en/search/?q=digital"),
        ("404 room", f"{site.day.url}par-salle/salle-inconnue/", f"{en.day.url}by-room/unknown-room/"),
        ("404 session", f"{site.day.url}atelier-inconnu/", f"{en.day.url}unknown-session/"),
    ]


def wait_for_map(page):
    if page.locator("#route-map").count():
        expect(page.locator("#route-map.leaflet-container")).to_be_visible()


def test_a_visitor_on_a_phone_reads_the_programme_in_both_languages_and_follows_a_route(
    browser_page, live_server, fresh_visitor_site
):
    page, site = browser_page, fresh_visitor_site
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{site.edition.url}")
    page.get_by_role("link", name="Programme du 29/11").first.click()
    expect(page).to_have_url(f"{live_server.url}{site.day.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme du 29/11")
    # Readable on a phone: parallel sessions stack, nothing overflows sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_role("heading", name="1. Manufacture de proximité")).to_be_visible()

    # Switching language keeps the visitor on the same page.
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}{site.en.day.url}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme of 29/11")

    # A route: its stops in order, then the map of the stops that have a position.
    page.get_by_role("link", name="1. Digital inclusion").click()
    expect(page).to_have_url(f"{live_server.url}{site.en.route.url}")
    stops = page.locator("ol.stops > li .stop__name")
    expect(stops).to_have_text(["Pop Café", "ESSpace 216", "Emmaüs Connect"])
    wait_for_map(page)
    expect(page.locator(".route-map__marker")).to_have_count(2)
    expect(page.locator(".route-map__marker").first).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.errors == []


def test_a_route_without_positions_has_its_list_and_no_map_nor_error(
    browser_page, live_server, fresh_visitor_site
):
    page = browser_page
    page.goto(f"{live_server.url}{fresh_visitor_site.route_unmapped.url}")
    expect(page.locator("ol.stops > li")).to_have_count(1)
    expect(page.locator("#route-map")).to_have_count(0)
    assert page.locator("script[src*='leaflet']").count() == 0
    assert page.errors == []

    # Without JavaScript, the route with positions keeps its list and shows no empty box.
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        other = context.new_page()
        other.goto(f"{live_server.url}{fresh_visitor_site.route.url}")
        expect(other.locator("ol.stops > li")).to_have_count(3)
        expect(other.locator("#route-map")).to_be_hidden()
    finally:
        context.close()


def test_axe_finds_no_violation_on_any_public_page(browser_page, live_server, fresh_visitor_site):
    page, axe = browser_page, Axe()
    failures = []
    for name, french, english in public_pages(fresh_visitor_site):
        for language, url in (("fr", french), ("en", english)):
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                page.errors.clear()
                response = page.goto(f"{live_server.url}{url}")
                expected = 404 if name.startswith("404") else 200
                assert response.status == expected, (url, response.status)
                if expected == 404:  # the browser reports the 404 itself; nothing else
                    page.errors[:] = [e for e in page.errors if "status of 404" not in e]
                expect(page.locator("html")).to_have_attribute("lang", language)
                wait_for_map(page)
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
                for violation in results.response["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    failures.append(
                        f"{name} {language} {viewport['width']}px {url}: {violation['id']} {targets}"
                    )
                failures.extend(f"{name} {language} {url}: console: {error}" for error in page.errors)
    assert failures == [], "\n".join(failures)


def test_the_keyboard_reaches_the_skip_link_and_the_language_switcher_with_a_visible_focus(
    browser_page, live_server, fresh_visitor_site
):
    page, site = browser_page, fresh_visitor_site
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{site.day.url}")

    def focused():
        return page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const box = el.getBoundingClientRect();
                return {text: el.textContent.trim(), cls: el.className, href: el.getAttribute('href'),
                        background: style.backgroundColor, outline: style.outlineStyle,
                        shadow: style.boxShadow,
                        visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight};
            }"""
        )

    page.keyboard.press("Tab")
    skip = focused()
    assert skip["cls"] == "skip-link" and skip["href"] == "#main"
    assert skip["visible"], "the skip link shows when focused"
    assert skip["background"] == "rgb(255, 216, 77)"

    for _ in range(6):
        page.keyboard.press("Tab")
        state = focused()
        # Every focused link is visibly marked: yellow background and an underline bar.
        assert state["visible"], state
        assert state["background"] == "rgb(255, 216, 77)" or state["outline"] != "none", state
        if state["text"] == "English":
            break
    assert state["text"] == "English", "the language switcher is reachable by keyboard"
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{site.en.day.url}")
    # The URL changes when the navigation commits; under load the first Tab could
    # otherwise land on the old document.
    page.wait_for_load_state("load")

    # The skip link leads into the content.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.wait_for_function("document.activeElement.id === 'main'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("document.activeElement.matches('a, button, input, select, textarea')")


def test_no_page_ships_more_than_100_kb_of_html_css_and_javascript(
    browser_page, live_server, fresh_visitor_site
):
    """Counted as sent over the network with compression (WhiteNoise serves the static
    files gzip- or brotli-compressed; HTML is counted uncompressed, which is the worst
    case). Leaflet is only on route pages with a map, and counted there."""
    page = browser_page
    for name, french, _english in public_pages(fresh_visitor_site):
        if name.startswith("404"):
            continue
        resources = []

        def record(response, resources=resources):
            kind = response.request.resource_type
            if kind in ("document", "stylesheet", "script") and response.status == 200:
                body = response.body()
                compressed = len(body) if kind == "document" else len(gzip.compress(body, 9))
                resources.append((kind, response.url, len(body), compressed))

        page.on("response", record)
        page.goto(f"{live_server.url}{french}")
        wait_for_map(page)
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", record)
        raw = sum(r[2] for r in resources)
        sent = sum(r[3] for r in resources)
        assert sent <= WEIGHT_LIMIT, (name, sent, resources)
        if "leaflet" not in " ".join(r[1] for r in resources):
            assert raw <= WEIGHT_LIMIT, (name, raw, resources)
        else:
            assert name == "route with map", "Leaflet is loaded only where a map is drawn"


def test_a_day_prints_on_a4_and_each_room_on_its_own_door_sign(browser_page, live_server, fresh_visitor_site):
    page, site = browser_page, fresh_visitor_site
    page.goto(f"{live_server.url}{site.day.url}")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    actions = page.locator(".page-actions")  # the day's links and its planner's
    assert actions.count() >= 1
    for index in range(actions.count()):
        expect(actions.nth(index)).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=False)
    assert 1 <= count_pdf_pages(pdf) <= 2

    page.goto(f"{live_server.url}{site.day.url}par-salle/")
    rooms = page.locator("section.room").count()
    assert rooms == 4  # Les Halles, Halle basse 2, Bazaar St So (meeting point), other places
    assert count_pdf_pages(page.pdf(format="A4")) == rooms

    page.goto(f"{live_server.url}{site.day.url}par-salle/halle-basse-2-bazaar-st-so/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Halle basse 2, Bazaar St So")
    assert count_pdf_pages(page.pdf(format="A4")) == 1


def count_pdf_pages(pdf):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_an_editor_places_a_venue_by_clicking_on_the_map(browser_page, live_server, fresh_visitor_site):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from programme.models import Venue

    get_user_model().objects.create_superuser("cartographe", "c@example.org", "pass-cartographe")
    page, venue = browser_page, fresh_visitor_site.venues.emmaus
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "cartographe")
    page.fill("#id_password", "pass-cartographe")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}{reverse('wagtailsnippets_programme_venue:edit', args=[venue.pk])}")
    the_map = page.locator(".venue-position__map.leaflet-container")
    expect(the_map).to_be_visible()
    expect(page.locator("#id_latitude")).to_have_value("")
    the_map.click(position={"x": 120, "y": 90})
    latitude, longitude = page.input_value("#id_latitude"), page.input_value("#id_longitude")
    assert re.fullmatch(r"5\d\.\d{6}", latitude) and re.fullmatch(r"\d\.\d{6}", longitude), (
        latitude,
        longitude,
    )
    expect(page.locator(".venue-position__marker")).to_have_count(1)

    with page.expect_navigation():
        page.click("button.action-save")
    expect(page.locator(".messages .success")).to_be_visible()
    venue = Venue.objects.get(pk=venue.pk)
    assert f"{venue.latitude:.6f}" == latitude and f"{venue.longitude:.6f}" == longitude
    # The admin fetches outside resources (avatars, release notes) that fail here offline;
    # no script may fail.
    assert page.exceptions == []
