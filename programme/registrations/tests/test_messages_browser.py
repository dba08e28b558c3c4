"""A registrations manager writes to the registrants of a session on a phone-sized
screen: the form, the preview per language with the count, the send, the record. axe
finds no WCAG 2.1 A/AA violation in the pages' content."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from programme.registrations.models import Attendee, Message, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def registrants(session, edition):
    now = timezone.now()
    for number, (email, language) in enumerate(
        [("ada@example.org", "fr"), ("bob@example.org", "en")], start=1
    ):
        attendee = Attendee.objects.create(
            edition_key=edition.translation_key, email=email, first_name=email[:3].title(), language=language
        )
        Registration.objects.create(
            attendee=attendee,
            session_key=session.translation_key,
            edition_key=edition.translation_key,
            session=session,
            edition=edition,
            status=Registration.Status.CONFIRMED,
            sequence=number,
            language=language,
            created_at=now,
        )


def assert_accessible(page):
    page.wait_for_timeout(1000)  # Wagtail's messages fade in: measure their final colours
    results = Axe().run(page, context="main", options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def screenshots(tmp_path):
    """Where the screenshots go: SCREENSHOT_DIR when set (to look at them), else a
    temporary directory."""
    directory = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_a_manager_writes_to_a_sessions_registrants(live_server, page, demo_users, programme, screenshots):
    page.set_default_timeout(30_000)
    page.set_viewport_size(PHONE)
    registrants(programme.plenary, programme.edition)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "gestionnaire")
    page.fill("#id_password", "demo-gestionnaire")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(
        f"{live_server.url}/admin/inscriptions/messages/nouveau/?target=session:{programme.plenary.translation_key}"
    )
    page.fill("#id_subject_fr", "Apportez votre ordinateur")
    page.fill("#id_body_fr", "La plénière commence à l'heure : venez dix minutes avant.")
    page.click("button[value=preview]")

    expect(page.locator("[data-recipient-count]")).to_contain_text("2 personnes recevront ce message")
    expect(page.locator(".message-preview[lang=en]")).to_contain_text("only available in French")
    assert_accessible(page)
    page.screenshot(path=screenshots / "messages-compose-390.png")
    page.locator("#message-preview-title").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "messages-preview-390.png")

    page.click("button[value=send]")
    expect(page.locator("[data-message-counts]")).to_be_visible()
    assert Message.objects.get().subject_fr == "Apportez votre ordinateur"
    assert_accessible(page)
    page.screenshot(path=screenshots / "messages-record-390.png")


def test_a_manager_cancels_a_session_with_a_message(live_server, page, demo_users, programme, screenshots):
    page.set_default_timeout(30_000)
    page.set_viewport_size(PHONE)
    registrants(programme.plenary, programme.edition)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "gestionnaire")
    page.fill("#id_password", "demo-gestionnaire")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/inscriptions/seance/{programme.plenary.translation_key}/annuler/")
    expect(page.locator("[data-live-count]")).to_contain_text("2 personnes sont inscrites")
    assert_accessible(page)
    page.screenshot(path=screenshots / "cancel-session-390.png")
    page.fill("#id_note", "L'orage nous oblige à annuler la plénière.")
    page.click("main button[type=submit]")

    expect(page.locator(".messages")).to_contain_text("2 personnes sont prévenues")
    assert set(Registration.objects.values_list("status", flat=True)) == {
        Registration.Status.CANCELLED_BY_ORGANISERS
    }
