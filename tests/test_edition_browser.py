"""Next year's edition goes online in both languages, in a real browser (Playwright on
Debian's Chromium), in French, with the demo administrator, at phone width.

The administrator starts the next edition from the 2021 one: the copy runs in the task
worker (run here in the test's thread, as ``db_worker`` would) while a progress page
waits, then says what to do next; "Publier l'édition" puts the French and English pages
online in one act and reports it. Then ``/en/2022/`` answers and the dashboard has no
translation left to do. Screenshots of each step go to ``SCREENSHOTS`` (an environment
variable, a temporary folder by default)."""

import os
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import run_queued_tasks
from home.models import EditionJob, EditionPage
from home.tests.test_editions import build_2021_edition
from portal import dashboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOTS") or tempfile.mkdtemp(prefix="edition-browser-"))


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def shot(page, name, violations=None):
    """A screenshot of the step; the axe violations of its main content (the new pages
    only: Wagtail's own screens are Wagtail's) added to ``violations``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    if violations is not None:
        results = Axe().run(page, context="main", options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations += [
            f"{name}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
        ]


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"demo-{username}")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def run_the_worker_then_wait_for(page, text):
    """Run what is queued (the copy, the publication), then let the progress page notice."""
    run_queued_tasks()
    expect(page.locator("main")).to_contain_text(text, timeout=20_000)


def start_and_publish_the_next_edition(page, live_server, source_pk, year, violations=None):
    """As the logged-in administrator: "Démarrer l'édition suivante" from the edition
    ``source_pk`` (its page header's "⋯" menu), the copy in the worker, then "Publier
    l'édition" from the result page, in both languages. Returns the new French edition."""
    page.goto(f"{live_server.url}/admin/pages/{source_pk}/")
    page.click("header [data-controller='w-dropdown'] button, header .w-dropdown__toggle")
    next_link = page.locator(f"a[href$='/editions/{source_pk}/next/']")
    expect(next_link).to_be_visible()
    next_link.click()
    expect(page.locator("h1")).to_contain_text("Démarrer l'édition suivante")
    shot(page, "1-demarrer-formulaire", violations)
    page.click("button[type=submit]:has-text('Créer l')")

    # The copy waits for the worker; the page says so, then what to do next.
    expect(page.locator("[data-edition-job-status]")).to_contain_text("En attente")
    shot(page, "2-demarrer-en-attente", violations)
    run_the_worker_then_wait_for(page, "Et maintenant ?")
    new = EditionPage.objects.get(year=year, locale__language_code="fr")
    assert not new.live
    shot(page, "3-demarrer-et-maintenant", violations)

    page.click(f"a[href$='/editions/{new.pk}/publish/']")
    expect(page.locator("h1")).to_contain_text("Publier l'édition")
    shot(page, "4-publier-formulaire", violations)
    page.click("main button[type=submit]")
    run_the_worker_then_wait_for(page, "Toute l'édition est en ligne")
    shot(page, "5-publier-compte-rendu", violations)
    return new


def test_the_administrator_starts_the_next_edition_and_publishes_it_in_both_languages(
    live_server, page, demo_users
):
    ids = build_2021_edition()
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 390, "height": 844})
    assert dashboard.translation_backlog() == []
    violations = []

    log_in(page, live_server, "administrateur")
    start_and_publish_the_next_edition(page, live_server, ids["source"], 2022, violations)
    assert EditionJob.objects.filter(status=EditionJob.Status.DONE).count() == 2

    # Online in both languages; nothing left to translate.
    english_edition = page.locator("a[href='/en/2022/']")
    expect(english_edition).to_be_visible()
    english_edition.click()
    expect(page.locator("h1")).to_contain_text("2022")
    shot(page, "6-site-anglais-2022")
    assert page.request.get(f"{live_server.url}/en/2022/").status == 200
    assert page.request.get(f"{live_server.url}/fr/2022/").status == 200

    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#ectl-edition-section")).to_be_visible()
    expect(page.locator("#ectl-translations-section")).to_have_count(0)
    shot(page, "7-tableau-de-bord")
    assert dashboard.translation_backlog() == []
    assert violations == [], "\n".join(violations)
