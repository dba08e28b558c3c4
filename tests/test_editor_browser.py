"""The editor's path, in a real browser (Playwright on Debian's Chromium).

The demo editor adds a workshop to a programme day, with two people chosen from the list
and a room, and submits it for moderation; the demo moderator approves and publishes it;
the public day page then shows it next to the other session of its slot.
"""

import pytest
from playwright.sync_api import expect

from programme.models import WorkshopPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Atelier Tiers-lieux et santé"


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"demo-{username}")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def choose(page, widget_id, text):
    """Open the chooser of the field ``widget_id``, pick ``text`` from the list."""
    page.click(f"#{widget_id}-chooser .unchosen [data-chooser-action-choose]")
    page.click(f".modal a[data-chooser-modal-choice]:has-text('{text}')")
    page.wait_for_selector(".modal", state="hidden")
    expect(page.locator(f"#{widget_id}-chooser [data-chooser-title]")).to_contain_text(text)


def open_footer_menu(page):
    page.click("footer .w-dropdown__toggle")


def test_editor_adds_a_workshop_and_a_moderator_publishes_it(live_server, page, demo_users, programme):
    page.set_default_timeout(20_000)

    # The editor adds a session to the day, from the day's "add child page" screen.
    log_in(page, live_server, "editeur")
    page.goto(f"{live_server.url}/admin/pages/{programme.day.pk}/add_subpage/")
    page.click("a[href*='/add/programme/workshoppage/']")
    page.fill("#id_title", TITLE)
    page.select_option("#id_format", "workshop")
    page.fill("#id_slot", "2")
    page.fill("#id_summary", "Quand les tiers-lieux accueillent la santé de proximité.")
    choose(page, "id_venue", "Salle Tiers-Lieux")
    page.click("#id_speakers-ADD")
    choose(page, "id_speakers-0-person", "Yaël Benayoun")
    page.click("#id_speakers-ADD")
    choose(page, "id_speakers-1-person", "Agnès Mercier")
    page.select_option("#id_speakers-1-role", "facilitator")

    # Editors cannot publish: the only way out is the moderation workflow.
    open_footer_menu(page)
    expect(page.locator("footer button[name='action-publish']")).to_have_count(0)
    page.click("footer button[name='action-submit']")
    expect(page.locator(".messages")).to_contain_text("soumise pour modération")

    workshop = WorkshopPage.objects.get(title=TITLE)
    assert not workshop.live
    assert workshop.get_parent().pk == programme.day.pk

    # The moderator finds it on the dashboard and approves it, which publishes it.
    log_in(page, live_server, "moderateur")
    expect(page.locator("#awaiting-review-section")).to_contain_text(TITLE)
    page.goto(f"{live_server.url}/admin/pages/{workshop.pk}/edit/")
    open_footer_menu(page)
    page.click("footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    expect(page.locator(".messages")).to_contain_text(TITLE)

    workshop.refresh_from_db()
    assert workshop.live
    speakers = [(s.person.name, s.role) for s in workshop.speakers.order_by("sort_order")]
    assert speakers == [("Yaël Benayoun", "speaker"), ("Agnès Mercier", "facilitator")]
    assert workshop.venue == programme.room

    # Visitors see it on the day's programme, side by side with the other session of slot 2.
    page.goto(f"{live_server.url}{programme.day.url}")
    parallel = page.locator("li.slot--parallel")
    expect(parallel).to_have_count(1)
    expect(parallel).to_contain_text(TITLE)
    expect(parallel).to_contain_text("Atelier Communs numériques")
    expect(parallel).to_contain_text("Yaël Benayoun")
    expect(parallel).to_contain_text("Salle Tiers-Lieux")
    expect(page.locator("li.slot:not(.slot--parallel)")).to_contain_text("Plénière d'ouverture")
