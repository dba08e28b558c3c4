"""The day planner in a real browser on a phone (390 px): axe finds no WCAG 2.1 A/AA
violation, a visitor registers with the keyboard alone, and a session that clashes with
a choice is greyed out with the reason."""

import datetime as dt
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from programme.factories import VenueFactory
from programme.registrations.models import Registration

from .conftest import menu_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = os.environ.get("PLANNER_SCREENSHOTS", "")


@pytest.fixture
def planner_day(day, make_workshop, make_route):
    hall = VenueFactory(name="Grande halle", accessibility="De plain-pied ; toilettes adaptées.")
    make_workshop(title="Ouverture", slug="ouverture", capacity=100, start_time=dt.time(9), venue=hall)
    make_workshop(
        title="Cartographie",
        slug="cartographie",
        slot=1,
        start_time=dt.time(14),
        end_time=dt.time(16),
        registration_questions=[menu_question()],
    )
    make_workshop(title="Fablab", slug="fablab", slot=1, start_time=dt.time(14), end_time=dt.time(16))
    make_route(title="Parcours vélo", slug="parcours-velo", start_time=dt.time(15), return_time=dt.time(17))
    return day


def violations(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_the_planner_is_accessible_and_works_with_the_keyboard_alone(page, live_server, planner_day):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("registrations:planner", args=[planner_day.pk]))

    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_text("De plain-pied ; toilettes adaptées.")).to_be_visible()
    # Questions of sessions not chosen are hidden by the script.
    expect(page.locator("[data-questions-for]")).to_be_hidden()
    shot(page, "planner-empty")

    page.locator("#id_first_name").focus()
    page.keyboard.type("Ada")
    page.keyboard.press("Tab")
    page.keyboard.type("Lovelace")
    page.keyboard.press("Tab")
    page.keyboard.type("ada@example.org")
    page.keyboard.press("Tab")  # organisation: left empty
    page.keyboard.press("Tab")  # the opening's slot: "none" is checked
    assert page.evaluate("document.activeElement.id") == "id_slot_1"
    page.keyboard.press("ArrowDown")  # the opening
    page.keyboard.press("Tab")  # the workshops' slot
    page.keyboard.press("ArrowDown")  # Cartographie
    expect(page.get_by_label("Cartographie")).to_be_checked()

    # The bike route (other slot, overlapping times) is now greyed out, with the reason.
    bike = page.locator('.planner-option[data-title="Parcours vélo"]')
    expect(bike.locator("input")).to_be_disabled()
    expect(bike).to_contain_text("en même temps que « Cartographie »")
    expect(page.locator("[data-questions-for]")).to_be_visible()
    shot(page, "planner-chosen")

    page.keyboard.press("Tab")  # the bike route's slot: its "none" radio (the route is disabled)
    page.keyboard.press("Tab")  # if full: the waiting list (checked)
    page.keyboard.press("Tab")  # the menu question
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # consent
    assert page.evaluate("document.activeElement.name") == "consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the submit button
    assert page.evaluate("document.activeElement.type") == "submit"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert outline != "none" or background == "rgb(255, 216, 77)", "the focus is visible"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Vos inscriptions")).to_be_visible()
    assert violations(page) == []
    shot(page, "planner-result")
    titles = set(Registration.objects.values_list("session__title", flat=True))
    assert titles == {"Ouverture", "Cartographie"}
    assert errors == []


def test_errors_are_listed_and_linked_to_their_fields(page, live_server, planner_day):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("registrations:planner", args=[planner_day.pk]))
    page.locator("#id_first_name").fill("Ada")
    page.locator("#id_last_name").fill("Lovelace")
    page.locator("#id_email").fill("ada@example.org")
    page.get_by_label("Cartographie").check()
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="M'inscrire aux séances choisies").click()

    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    assert violations(page) == []
    shot(page, "planner-errors")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name").endswith("_q_11111111-1111-4111-8111-111111111111")
