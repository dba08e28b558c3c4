"""The day in a real browser (Playwright on Debian's Chromium), at phone width.

- A volunteer with the "Accueil" role checks someone in by the short code of their
  confirmation e-mail, sees the counts change, is told "déjà pointé·e à …" on a second
  scan, and adds a walk-in.
- Offline: three taps wait on the phone (the screen says so) and are stored once the
  connection returns.
- axe finds no WCAG 2.1 A/AA violation on the ticket, the personal page with its QR
  code, the check-in screen, the kit and the report;
  the kit of a 30-person route prints on one A4 page.

Screenshots go to $CHECKIN_SCREENSHOTS when it is set (for a person to look at).
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from programme.factories import RouteStopFactory, VenueFactory
from programme.registrations.models import Registration

from .conftest import BIKE_ID, bike_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def shoot(page, name):
    folder = os.environ.get("CHECKIN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def signed_in(page, live_server, user):
    """The browser carries ``user``'s session (as after the admin login form)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page.set_viewport_size(PHONE)
    page.set_default_timeout(30_000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    return page


@pytest.fixture
def volunteer(django_user_model):
    group, _ = Group.objects.get_or_create(name="Accueil")
    group.permissions.add(
        Permission.objects.get(codename="check_in", content_type__app_label="registrations"),
        Permission.objects.get(codename="access_admin"),
    )
    user = django_user_model.objects.create_user(username="accueil", password="x")
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"  # the admin speaks the user's language
    profile.save()
    return user


def screen_url(live_server, page_obj):
    return live_server.url + reverse("registrations_checkin:screen", args=[page_obj.translation_key])


def test_a_volunteer_checks_in_by_the_e_mails_code_and_adds_a_walk_in(
    page, live_server, volunteer, make_workshop, register, run_tasks
):
    session = make_workshop(title="Atelier cartographie", slug="atelier-carto", capacity=3)
    register(session, "ada@example.org", first_name="Ada", last_name="Lovelace")
    register(session, "eve@example.org", first_name="Eve", last_name="Curie")
    run_tasks()
    body = next(m.body for m in mail.outbox if m.to == ["ada@example.org"])
    code = re.search(r"code de pointage : ([0-9A-Z]{5}-[0-9A-Z]{5})", body).group(1)
    page = signed_in(page, live_server, volunteer)

    page.goto(live_server.url + reverse("registrations_checkin:index"))
    page.click("text=Atelier cartographie")
    counts = page.locator("[data-counts]")
    expect(page.locator('[data-count="present"]')).to_have_text("0")
    expect(page.locator('[data-count="confirmed"]')).to_have_text("2")
    expect(page.locator('[data-count="capacity"]')).to_have_text("3")

    page.fill("#id_code", code.replace("-", "").lower())
    page.press("#id_code", "Enter")
    ada = page.locator(".checkin-person", has_text="Ada Lovelace")
    expect(ada).to_be_visible()
    expect(page.locator(".checkin-person", has_text="Eve Curie")).to_be_hidden()
    shoot(page, "checkin-found")
    with page.expect_response(lambda response: "/sync/" in response.url and response.ok):
        ada.get_by_role("button", name=re.compile("^Pointer")).click()
    expect(ada.locator("[data-status]")).to_contain_text("Présent·e depuis")
    expect(page.locator('[data-count="present"]')).to_have_text("1")
    expect(page.locator("[data-queue]")).to_be_hidden()
    assert Registration.objects.get(attendee__email="ada@example.org").checked_in_at is not None

    page.fill("#id_code", code)
    page.press("#id_code", "Enter")
    expect(page.locator("[data-result]")).to_contain_text("Déjà pointé·e à")
    shoot(page, "checkin-already")

    page.fill("#id_first_name", "Sam")
    page.fill("#id_last_name", "Surplace")
    page.click("text=Ajouter et pointer")
    expect(page.locator(".checkin-messages")).to_contain_text(
        "Sam Surplace est ajouté·e sur place et pointé·e."
    )
    expect(page.locator('[data-count="present"]')).to_have_text("2")
    expect(page.locator('[data-count="confirmed"]')).to_have_text("3")
    expect(counts).to_be_visible()
    shoot(page, "checkin-walk-in")
    assert Registration.objects.filter(walk_in=True, checked_in_at__isnull=False).count() == 1
    assert page.errors == []


def test_taps_made_offline_are_stored_when_the_connection_returns(
    page, live_server, volunteer, make_workshop, register
):
    session = make_workshop(title="Plénière", slug="pleniere", capacity=10)
    for name in ("Ada", "Eve", "Grace", "Hedy"):
        register(session, f"{name.lower()}@example.org", first_name=name, last_name="Test")
    page = signed_in(page, live_server, volunteer)
    page.goto(screen_url(live_server, session))

    page.context.set_offline(True)
    for name in ("Ada", "Eve", "Grace"):
        person = page.locator(".checkin-person", has_text=f"{name} Test")
        person.get_by_role("button", name=re.compile("^Pointer")).click()
        expect(person.locator("[data-status]")).to_contain_text("Présent·e depuis")
    expect(page.locator("[data-queue]")).to_have_text("3 pointages en attente d'envoi (hors connexion).")
    expect(page.locator('[data-count="present"]')).to_have_text("3")
    shoot(page, "checkin-offline")
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0

    page.context.set_offline(False)
    expect(page.locator("[data-queue]")).to_be_hidden(timeout=40_000)

    present = Registration.objects.filter(checked_in_at__isnull=False)
    assert sorted(present.values_list("attendee__first_name", flat=True)) == ["Ada", "Eve", "Grace"]
    page.reload()
    expect(page.locator('[data-count="present"]')).to_have_text("3")


@pytest.fixture
def day_with_a_route(make_workshop, make_route, register, day):
    route = make_route(
        title="Parcours vélo : fablabs",
        slug="parcours-velo",
        capacity=30,
        start_time=dt.time(14),
        return_time=dt.time(18),
        meeting_point="Devant les Halles",
        registration_questions=[bike_question(required=False)],
        stops=0,
    )
    for index in range(4):
        RouteStopFactory(
            page=route,
            venue=VenueFactory(name=f"Tiers-lieu {index + 1}", address=f"{index + 1} rue des Ateliers"),
            note="Visite de l'atelier et échange avec l'équipe",
            sort_order=index,
        )
    for i in range(30):
        register(
            route,
            f"p{i}@example.org",
            first_name="Camille",
            last_name=f"Participant·e {i:02}",
            organisation="Un tiers-lieu de la métropole",
            answers={BIKE_ID: i % 3 == 0},
        )
    return route


def test_axe_on_the_screen_the_kit_and_the_report_and_the_kit_prints_on_one_a4_page(
    page, live_server, volunteer, manager, day_with_a_route
):
    route = day_with_a_route
    axe = Axe()
    failures = []
    page = signed_in(page, live_server, volunteer)
    kit = live_server.url + reverse("registrations_checkin:kit", args=[route.translation_key])
    someone = Registration.objects.filter(session_key=route.translation_key).first()
    ticket = reverse("registrations:ticket", args=[someone.attendee.token, someone.uuid])
    urls = [
        ("ticket", live_server.url + ticket),
        ("personal page", live_server.url + reverse("registrations:personal", args=[someone.attendee.token])),
        ("sessions", live_server.url + reverse("registrations_checkin:index")),
        ("screen", screen_url(live_server, route)),
        ("kit", kit),
    ]
    for name, url in urls:
        page.goto(url)
        shoot(page, f"axe-{name}")
        for violation in axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response[
            "violations"
        ]:
            failures.append(f"{name}: {violation['id']} {[n['target'] for n in violation['nodes']][:3]}")

    page.goto(kit)
    page.emulate_media(media="print")
    shoot(page, "kit-print")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the kit of 30 people prints on {pages} A4 pages"
    page.emulate_media(media="screen")

    page.context.clear_cookies()
    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = "fr"
    profile.save()
    page = signed_in(page, live_server, manager)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("registrations_checkin:report"))
    shoot(page, "report")
    for violation in axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response[
        "violations"
    ]:
        failures.append(f"report: {violation['id']} {[n['target'] for n in violation['nodes']][:3]}")
    assert failures == []
    assert page.errors == []


def test_a_photo_of_the_e_mails_qr_code_finds_the_person(
    page, live_server, volunteer, make_workshop, register, run_tasks, tmp_path
):
    session = make_workshop(title="Atelier cartographie", slug="atelier-carto", capacity=3)
    register(session, "ada@example.org", first_name="Ada", last_name="Lovelace")
    register(session, "eve@example.org", first_name="Eve", last_name="Curie")
    run_tasks()
    message = next(m for m in mail.outbox if m.to == ["eve@example.org"])
    png = next(content for name, content, _kind in message.attachments if name == "qr-code-pointage.png")
    picture = tmp_path / "qr.png"
    picture.write_bytes(png)
    page = signed_in(page, live_server, volunteer)
    page.goto(screen_url(live_server, session))

    # Decoded by the browser's BarcodeDetector where it has one, else by the vendored jsQR.
    page.set_input_files("[data-scan-photo]", str(picture))

    expect(page.locator(".checkin-person", has_text="Eve Curie")).to_be_visible()
    expect(page.locator(".checkin-person", has_text="Ada Lovelace")).to_be_hidden()
    expect(page.locator("[data-result]")).to_have_text("Eve Curie")
    assert page.errors == []
