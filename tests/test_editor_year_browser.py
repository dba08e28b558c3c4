"""The editor's year, in French, in a real browser (Playwright on Debian's Chromium), with
the demo accounts: the editor adds a timed workshop with a new person and submits it; the
moderator approves; the editor translates it and submits the translation; the moderator
approves it, which publishes it; the workshop is then in its place on /fr/ and /en/. Last,
the administrator starts the next edition and publishes it in both languages: the
dashboard has no translation left to do and /en/2022/ answers.

Screenshots of each step go to the directory ``SCREENSHOTS`` names, when it is set (the
translation editor and the public pages also at 390 px, a phone).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from home.tests.test_editions import translate_into_english
from portal import dashboard
from programme.models import Person, WorkshopPage
from tests.test_edition_browser import log_in, start_and_publish_the_next_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Atelier Tiers-lieux et alimentation"
ENGLISH_TITLE = "Third places and food workshop"
SUMMARY = "Cuisiner ensemble, nourrir le quartier."
ENGLISH_SUMMARY = "Cooking together, feeding the neighbourhood."
SLUG = "atelier-tiers-lieux-et-alimentation"
ENGLISH_SLUG = "third-places-and-food-workshop"
PERSON = "Camille Dupré"
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def shot(page, name, phone=False):
    """A screenshot of the step (also at phone width when ``phone``)."""
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)
    if phone:
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SCREENSHOTS}/{name}-390.png", full_page=True)
        page.set_viewport_size(size)


@pytest.fixture
def bilingual_programme(programme, demo_users):
    site = programme.site
    translate_into_english(
        [site.home, programme.edition, programme.day, programme.plenary, programme.workshop],
        Locale.objects.get(language_code="en"),
    )
    return programme


def translate_segment(page, french, english):
    """In wagtail-localize's editor: "Traduire" on the text ``french``, type, save."""
    segment = page.locator("li", has=page.locator(f"text={french}")).filter(has=page.locator("button")).last
    segment.locator("button:has-text('Traduire')").click()
    segment.locator("textarea").fill(english)
    segment.locator("button:has-text('Enregistrer')").click()
    expect(segment).to_contain_text("Traduit manuellement le")
    return segment


def approve_on_the_dashboard(page, live_server, title):
    page.goto(f"{live_server.url}/admin/")
    section = page.locator("#awaiting-review-section")
    expect(section).to_contain_text(title)
    section.locator("tr", has_text=title).locator(".w-dropdown__toggle").click()
    approve = "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
    with page.expect_navigation():
        page.locator(f"{approve}:visible").click()
    expect(page.locator("body")).not_to_contain_text(f"{title} a été soumise")
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("main")).to_be_visible()
    assert page.locator("#awaiting-review-section tr", has_text=title).count() == 0


def test_the_editors_year_in_french(live_server, page, demo_users, bilingual_programme):
    programme = bilingual_programme
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. The editor adds a workshop at 16:00 with a person who is not in the list yet.
    log_in(page, live_server, "editeur")
    page.goto(f"{live_server.url}/admin/pages/add/programme/workshoppage/{programme.day.pk}/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_format", "workshop")
    page.fill("#id_slot", "3")
    page.fill("#id_start_time", "16:00")
    page.fill("#id_end_time", "17:30")
    page.fill("#id_summary", SUMMARY)
    page.click("#id_speakers-ADD")
    page.click("#id_speakers-0-person-chooser .unchosen [data-chooser-action-choose]")
    page.click(".modal a:has-text('Ajouter une personne')")
    page.fill(".modal #id_name", PERSON)
    page.fill(".modal #id_organisation", "La Cantine du Coin")
    shot(page, "01-editor-new-person")
    page.click(".modal form [type=submit]:has-text('Ajouter')")
    page.wait_for_selector(".modal", state="hidden")
    expect(page.locator("#id_speakers-0-person-chooser [data-chooser-title]")).to_contain_text(PERSON)
    page.click("footer .w-dropdown__toggle")
    shot(page, "02-editor-submit")
    page.click("footer button[name='action-submit']")
    expect(page.locator(".messages")).to_contain_text("soumise pour modération")
    workshop = WorkshopPage.objects.get(title=TITLE)
    assert not workshop.live

    # 2. The moderator approves it from the dashboard: it is published.
    log_in(page, live_server, "moderateur")
    shot(page, "03-moderator-dashboard")
    approve_on_the_dashboard(page, live_server, TITLE)
    workshop.refresh_from_db()
    assert workshop.live

    # 3. The editor translates it and submits the translation.
    log_in(page, live_server, "editeur")
    page.goto(f"{live_server.url}/admin/pages/{programme.day.pk}/")
    row = page.locator("tr", has_text=TITLE)
    row.locator("[aria-label^='Plus d’options'], [aria-label^=\"Plus d'options\"]").first.click()
    row.locator("a:has-text('Traduire cette page')").click()
    page.get_by_label("English").check()
    page.click("input[type=submit][value='Soumettre']")
    expect(page.locator(".js-translation-editor")).to_contain_text(TITLE)
    translate_segment(page, TITLE, ENGLISH_TITLE)
    translate_segment(page, SUMMARY, ENGLISH_SUMMARY)
    # The page's address is translated in the "Promotion" tab (the translators' guide).
    page.get_by_role("tab", name="Promotion").click()
    translate_segment(page, SLUG, ENGLISH_SLUG)
    page.get_by_role("tab", name="Contenu").click()
    # wagtail-localize's own footer (publish, alias, stop) is not offered to editors.
    expect(page.locator(".js-translation-editor footer")).to_be_hidden()
    expect(page.get_by_text("Convertir en alias de page")).to_be_hidden()
    editor_text = page.locator("main").inner_text()
    for english in ("More actions", "to English translation", "December", "November"):
        assert english not in editor_text, english
    shot(page, "04-editor-translation", phone=True)
    page.click("footer.ectl-translation-footer button:has-text('Soumettre à la modération')")
    expect(page.locator(".messages")).to_contain_text("a été soumise pour modération")
    shot(page, "05-editor-translation-submitted")
    english_workshop = workshop.get_translation(Locale.objects.get(language_code="en")).specific
    assert english_workshop.title != ENGLISH_TITLE  # not published yet

    # 4. The moderator approves the translation from the dashboard, which publishes it.
    log_in(page, live_server, "moderateur")
    approve_on_the_dashboard(page, live_server, ENGLISH_TITLE)
    english_workshop.refresh_from_db()
    assert english_workshop.title == ENGLISH_TITLE
    assert english_workshop.live

    # 5. The workshop is in its place on both sites: the third slot, at its time, with its person.
    page.goto(f"{live_server.url}{programme.day.url}")
    card = page.locator("li.slot", has_text=TITLE)
    expect(card).to_contain_text("16h00")
    expect(card).to_contain_text(PERSON)
    titles = page.locator("li.slot h2, li.slot h3").all_inner_texts()
    assert [t for t in titles if TITLE in t], titles
    shot(page, "06-public-fr", phone=True)
    english_day = programme.day.get_translation(Locale.objects.get(language_code="en"))
    page.goto(f"{live_server.url}{english_day.url}")
    card = page.locator("li.slot", has_text=ENGLISH_TITLE)
    expect(card).to_contain_text("4 pm")
    expect(card).to_contain_text(PERSON)
    shot(page, "07-public-en", phone=True)
    assert Person.objects.filter(name=PERSON, locale__language_code="en").exists()

    # 6. The administrator starts the next edition and publishes it in both languages.
    log_in(page, live_server, "administrateur")
    start_and_publish_the_next_edition(page, live_server, programme.edition.pk, 2022)
    assert page.request.get(f"{live_server.url}/en/2022/").status == 200
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#ectl-translations-section")).to_have_count(0)
    shot(page, "09-dashboard-after-next-edition")
    assert dashboard.translation_backlog() == []


def test_a_new_menu_question_shows_no_error_before_anything_is_typed(
    live_server, page, demo_users, programme
):
    page.set_default_timeout(30_000)
    log_in(page, live_server, "editeur")
    page.goto(f"{live_server.url}/admin/pages/add/programme/workshoppage/{programme.day.pk}/")
    page.get_by_role("tab", name="Inscriptions").click()
    field = page.locator("[data-contentpath='registration_questions']")
    field.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Choix unique").click()

    expect(field.locator("[data-contentpath='options'] input[type=text]")).to_have_count(2)
    expect(page.get_by_text("Le nombre minimum d'éléments est 2")).to_have_count(0)
    shot(page, "08-menu-question", phone=True)
