"""The organisers' side: who sees names, exports, sheets, check-in, cancel and promote."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from programme.registrations.exports import neutralise
from programme.registrations.models import Registration

from .conftest import BIKE_ID, MENU_ID, VEGETARIAN_ID, bike_question, menu_question

pytestmark = pytest.mark.django_db

Status = Registration.Status


def admin_url(name, *args):
    return reverse(f"registrations_admin:{name}", args=args)


@pytest.fixture
def lunch(make_workshop, register):
    session = make_workshop(
        title="Déjeuner", slug="dejeuner", capacity=2, registration_questions=[menu_question()]
    )
    register(
        session, "ada@example.org", first_name="Ada", last_name="Lovelace", answers={MENU_ID: VEGETARIAN_ID}
    )
    register(
        session,
        "eve@example.org",
        first_name="Eve",
        last_name='=HYPERLINK("http://evil")',
        organisation="+33 6",
    )
    register(session, "grace@example.org", first_name="Grace", last_name="Hopper")  # waiting
    return session


# --- Permissions --------------------------------------------------------------------


def test_the_migration_creates_the_managers_group():
    group = Group.objects.get(name="Gestionnaires des inscriptions")

    assert set(group.permissions.values_list("codename", flat=True)) >= {"view_personal_data", "access_admin"}


def test_an_editor_sees_counts_but_no_names(client, editor, lunch):
    client.force_login(editor)

    overview = client.get(admin_url("overview"))

    content = overview.content.decode()
    assert overview.status_code == 200
    assert "Déjeuner" in content and "2 / 2" in content
    assert "Lovelace" not in content and "ada@example.org" not in content
    assert admin_url("session", lunch.translation_key) not in content
    for url in (
        admin_url("index"),
        admin_url("session", lunch.translation_key),
        admin_url("sheet", lunch.translation_key),
        admin_url("export_session", lunch.translation_key, "csv"),
        admin_url("export_edition", lunch.get_parent().get_parent().pk, "xlsx"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Lovelace" not in response.content
    registration = Registration.objects.first()
    assert client.post(admin_url("cancel", registration.pk)).status_code in (302, 403)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_the_menu_shows_the_full_list_to_managers_only(client, editor, manager, lunch):
    full_list = f'"{admin_url("index")}"'
    client.force_login(editor)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert admin_url("overview") in menu and full_list not in menu

    client.force_login(manager)
    assert full_list in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_manager_sees_the_list_with_filters_and_search(client, manager, lunch, make_workshop, register):
    register(make_workshop(title="Autre", slug="autre"), "zoe@example.org", first_name="Zoé", last_name="Z")
    client.force_login(manager)

    everything = client.get(admin_url("index")).content.decode()
    waiting = client.get(admin_url("index"), {"status": "waiting"}).content.decode()
    of_lunch = client.get(admin_url("index"), {"session": str(lunch.translation_key)}).content.decode()
    searched = client.get(admin_url("index"), {"q": "hopper"}).content.decode()

    assert "Ada Lovelace" in everything and "Zoé Z" in everything
    assert "Grace Hopper" in waiting and "Ada Lovelace" not in waiting
    assert "Ada Lovelace" in of_lunch and "Zoé Z" not in of_lunch
    assert "Grace Hopper" in searched and "Ada Lovelace" not in searched


def test_a_manager_sees_a_session_with_counts_and_answers(client, manager, lunch):
    client.force_login(manager)

    response = client.get(admin_url("session", lunch.translation_key))

    content = response.content.decode()
    assert response.status_code == 200
    assert "2 confirmées sur 2 places, 1 en liste d" in content
    assert "Ada Lovelace" in content and "Végétarien" in content and "grace@example.org" in content


def test_a_superuser_sees_everything(admin_client, lunch):
    assert admin_client.get(admin_url("session", lunch.translation_key)).status_code == 200


def test_an_unknown_session_is_not_found(client, manager):
    client.force_login(manager)

    # LocaleMiddleware sends admin 404s through /fr/…, which is a 404 too.
    response = client.get(admin_url("session", "00000000-0000-4000-8000-000000000000"), follow=True)
    assert response.status_code == 404


# --- Actions ------------------------------------------------------------------------


def test_check_in_toggles(client, manager, lunch):
    client.force_login(manager)
    ada = Registration.objects.get(attendee__email="ada@example.org")

    client.post(admin_url("check_in", ada.pk), {"present": "1"})
    ada.refresh_from_db()
    assert ada.checked_in_at is not None
    client.post(admin_url("check_in", ada.pk), {"present": "0"})
    ada.refresh_from_db()
    assert ada.checked_in_at is None


def test_cancelling_from_the_admin_promotes_and_mails(
    client, manager, lunch, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(manager)
    ada = Registration.objects.get(attendee__email="ada@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url("cancel", ada.pk))
    run_tasks()

    assert response.status_code == 302
    grace = Registration.objects.get(attendee__email="grace@example.org")
    assert grace.status == Status.CONFIRMED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["ada@example.org"].startswith("Inscription annulée")
    assert subjects["grace@example.org"].startswith("Une place s'est libérée")


def test_promoting_needs_a_free_place(client, manager, lunch, django_capture_on_commit_callbacks, run_tasks):
    client.force_login(manager)
    grace = Registration.objects.get(attendee__email="grace@example.org")

    response = client.post(admin_url("promote", grace.pk), follow=True)
    assert "Aucune place n" in response.content.decode()
    grace.refresh_from_db()
    assert grace.status == Status.WAITING

    lunch.capacity = 3
    lunch.save()
    run_tasks()  # the e-mails of the registrations made so far
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(admin_url("promote", grace.pk))
    run_tasks()
    grace.refresh_from_db()
    assert grace.status == Status.CONFIRMED
    assert mail.outbox[0].to == ["grace@example.org"]


def test_actions_need_a_post(client, manager, lunch):
    client.force_login(manager)
    ada = Registration.objects.get(attendee__email="ada@example.org")

    assert client.get(admin_url("cancel", ada.pk)).status_code == 405


# --- Exports and sheets -------------------------------------------------------------


def test_neutralise_prefixes_formula_triggers():
    assert [neutralise(v) for v in ("=1+1", "+33", "-2", "@SUM", "\tx", "Ada", 3)] == [
        "'=1+1",
        "'+33",
        "'-2",
        "'@SUM",
        "'\tx",
        "Ada",
        3,
    ]


def test_csv_export_of_a_session_is_safe_and_has_the_answers(client, manager, lunch):
    client.force_login(manager)

    response = client.get(admin_url("export_session", lunch.translation_key, "csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *lines = rows
    assert header[-1] == "Menu du déjeuner"
    by_first_name = {line[5]: line for line in lines}
    assert by_first_name["Ada"][-1] == "Végétarien"
    assert by_first_name["Eve"][6] == '\'=HYPERLINK("http://evil")'
    assert by_first_name["Eve"][8] == "'+33 6"
    assert by_first_name["Grace"][2] == "En liste d'attente" and by_first_name["Grace"][3] == "1"


def test_xlsx_export_of_an_edition_is_safe(client, manager, lunch, make_route, register):
    route = make_route(title="Parcours vélo", slug="parcours-velo", registration_questions=[bike_question()])
    register(route, "ada@example.org", answers={BIKE_ID: True})
    client.force_login(manager)
    edition = lunch.get_parent().get_parent()

    response = client.get(admin_url("export_edition", edition.pk, "xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[0]
    assert "Menu du déjeuner (Déjeuner)" in header
    assert "J'ai besoin qu'on me prête un vélo (Parcours vélo)" in header
    assert len(values) == 5
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []
    assert '\'=HYPERLINK("http://evil")' in [v for row in values for v in row]
    bike_column = header.index("J'ai besoin qu'on me prête un vélo (Parcours vélo)")
    assert [row[bike_column] for row in values[1:] if row[0] == "Parcours vélo"] == ["Oui"]


def test_html_in_names_is_escaped_on_every_admin_page(client, manager, lunch, register):
    evil = '<script>alert("x")</script>'
    register(lunch, "mallory@example.org", first_name=evil, last_name=evil, organisation=evil)
    client.force_login(manager)

    pages = [
        admin_url("index"),
        admin_url("index_results") + "?q=mallory",
        admin_url("overview"),
        admin_url("session", lunch.translation_key),
        admin_url("sheet", lunch.translation_key),
        reverse("wagtailadmin_home"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert evil not in html, url
    # The names are there, escaped, where the list shows people.
    session_page = client.get(admin_url("session", lunch.translation_key)).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in session_page


def test_an_unknown_export_format_is_not_found(client, manager, lunch):
    client.force_login(manager)

    assert client.get(admin_url("export_session", lunch.translation_key, "pdf")).status_code == 404


def test_the_attendance_sheet_lists_confirmed_people(client, manager, lunch):
    client.force_login(manager)

    content = client.get(admin_url("sheet", lunch.translation_key)).content.decode()

    assert "Feuille d&#x27;émargement" in content or "Feuille d'émargement" in content
    assert "Lovelace" in content and "Hopper" not in content
    assert "Signature" in content


def test_the_route_manifest_shows_who_needs_a_bike(client, manager, make_route, register):
    route = make_route(title="Parcours vélo", slug="parcours-velo", registration_questions=[bike_question()])
    register(route, "ada@example.org", last_name="Lovelace", answers={BIKE_ID: True})
    register(route, "alan@example.org", last_name="Turing", answers={BIKE_ID: False})
    client.force_login(manager)

    content = client.get(admin_url("sheet", route.translation_key)).content.decode()

    assert "Manifeste" in content and "Départ rue Camille Guérin" in content
    assert "prête un vélo" in content
    assert content.index("Lovelace") < content.index("Oui") < content.index("Turing") < content.index("Non")
