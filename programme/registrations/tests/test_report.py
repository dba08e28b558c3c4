"""The attendance report (checkin/report.py) on a day whose figures are known, and the
route leader's kit (checkin/views.kit)."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from programme.factories import RouteStopFactory, VenueFactory
from programme.registrations import services
from programme.registrations.checkin import report
from programme.registrations.models import Registration
from programme.registrations.sessions import resolve_session

from .conftest import BIKE_ID, bike_question

pytestmark = pytest.mark.django_db

Status = Registration.Status


def day_url(name, *args):
    return reverse(f"registrations_checkin:{name}", args=args)


@pytest.fixture
def scripted_day(make_workshop, make_route, day2, register):
    """Workshop (4 places): six registered, one cancels (the first waiting gets the
    place), one still waiting; two checked in, one walk-in added beyond capacity.
    Route (30 places, day 2): three registered, all three checked in."""
    now = timezone.now()
    workshop = make_workshop(title="Atelier cartographie", slug="atelier-carto", capacity=4)
    people = [register(workshop, f"w{i}@example.org", last_name=f"W{i}") for i in range(6)]
    services.cancel(people[1], now=now)
    for index in (0, 2):
        services.record_check_in(people[index], present=True, now=now)
    services.add_walk_in(
        resolve_session(workshop), first_name="Sam", last_name="Surplace", now=now, override=True
    )
    route = make_route(parent=day2, title="Parcours vélo", slug="parcours-velo", capacity=30)
    for i in range(3):
        services.record_check_in(register(route, f"r{i}@example.org"), present=True, now=now)
    return workshop, route


def figures_of(edition):
    blocks, total = report.build(edition)
    return {line.title: line.figures for block in blocks for line in block.lines}, blocks, total


def test_the_report_counts_a_scripted_day(scripted_day, edition):
    lines, blocks, total = figures_of(edition)
    workshop = lines["Atelier cartographie"]
    route = lines["Parcours vélo"]

    assert (workshop.capacity, workshop.registered, workshop.confirmed, workshop.waiting) == (4, 6, 4, 1)
    assert (workshop.checked_in, workshop.walk_ins, workshop.no_shows, workshop.present) == (2, 1, 2, 3)
    assert (workshop.fill_rate, workshop.show_rate) == (0.75, 0.5)
    assert (route.registered, route.confirmed, route.checked_in, route.no_shows) == (3, 3, 3, 0)
    assert (route.fill_rate, route.show_rate) == (0.1, 1.0)
    assert [block.total.present for block in blocks] == [3, 3]
    assert (total.capacity, total.registered, total.confirmed, total.present) == (34, 9, 7, 6)
    assert report.percent(total.fill_rate) == "18 %" and report.percent(total.show_rate) == "71 %"


def test_the_figures_survive_the_retention_purge(scripted_day, edition):
    before = figures_of(edition)[2]
    after_the_edition = timezone.make_aware(
        dt.datetime.combine(edition.end_date + dt.timedelta(days=2), dt.time(9))
    )

    assert services.purge_expired(now=after_the_edition, retention_days=0) == 10

    assert figures_of(edition)[2] == before
    assert not Registration.objects.exclude(attendee__anonymised_at__isnull=False).exists()


def test_deleting_ones_data_after_coming_keeps_the_attendance(scripted_day, edition):
    came = Registration.objects.get(attendee__email="r0@example.org")

    services.delete_personal_data(came.attendee, now=timezone.now())

    came.refresh_from_db()
    assert came.status == Status.CONFIRMED and came.checked_in_at is not None
    assert came.attendee.first_name == ""
    assert figures_of(edition)[0]["Parcours vélo"].checked_in == 3


def test_the_report_page_has_the_table_the_chart_and_its_text(client, manager, scripted_day, edition):
    client.force_login(manager)

    response = client.get(day_url("report") + f"?edition={edition.pk}")

    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert '<svg class="report-chart" role="img" aria-labelledby="chart-title chart-desc"' in html
    assert "Atelier cartographie : remplissage 75 %, présence 50 %" in html
    assert 'fill="url(#hatch)"' in html  # the show rate is hatched, not only coloured
    assert "Total de l&#x27;édition" in html or "Total de l'édition" in html
    assert "<td>18 %</td>" in html.replace("\n", "")


def test_the_report_exports_as_csv_and_xlsx(client, manager, scripted_day, edition, make_workshop):
    make_workshop(title="=HYPERLINK(1)", slug="formule", capacity=2)
    client.force_login(manager)

    csv_response = client.get(day_url("report_export", edition.pk, "csv"))
    xlsx_response = client.get(day_url("report_export", edition.pk, "xlsx"))
    missing = client.get(day_url("report_export", edition.pk, "pdf"))

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Jour", "Séance", "Places", "Inscrit·es"]
    workshop = next(row for row in rows if row[1] == "Atelier cartographie")
    assert workshop[2:] == ["4", "6", "4", "1", "2", "1", "2", "3", "75.0", "50.0"]
    assert rows[-1][1] == "Total de l'édition" and rows[-1][9] == "6"
    assert any(row[1] == "'=HYPERLINK(1)" for row in rows)
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Atelier cartographie", 4, 6, 4, 1, 2, 1, 2, 3, 75.0, 50.0] in [row[1:] for row in values]
    assert missing.status_code == 404


def test_only_managers_see_the_report(client, editor, scripted_day, edition):
    client.force_login(editor)

    assert client.get(day_url("report")).status_code in (302, 403)
    assert client.get(day_url("report_export", edition.pk, "csv")).status_code in (302, 403)


# --- The route leader's kit ---------------------------------------------------------


@pytest.fixture
def volunteer(django_user_model):
    group, _ = Group.objects.get_or_create(name="Accueil")
    group.permissions.add(
        Permission.objects.get(codename="check_in", content_type__app_label="registrations"),
        Permission.objects.get(codename="access_admin"),
    )
    user = django_user_model.objects.create_user(username="accueil", password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def bike_route(make_route, register):
    route = make_route(
        title="Parcours vélo",
        slug="parcours-velo",
        capacity=30,
        start_time=dt.time(14),
        return_time=dt.time(18),
        meeting_point="Devant les Halles",
        registration_questions=[bike_question(required=False)],
        stops=0,
    )
    for index, (name, address) in enumerate([("La Fabrique", "1 rue A"), ("Le Jardin", "2 rue B")]):
        RouteStopFactory(
            page=route, venue=VenueFactory(name=name, address=address), note=f"Note {index}", sort_order=index
        )
    for i in range(30):
        register(
            route,
            f"p{i}@example.org",
            first_name="Cycliste",
            last_name=f"N{i:02}",
            answers={BIKE_ID: i % 3 == 0},
        )
    return route


def test_the_kit_has_the_meeting_point_times_stops_people_and_the_qr_code(client, volunteer, bike_route):
    client.force_login(volunteer)

    response = client.get(day_url("kit", bike_route.translation_key))

    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Devant les Halles" in html and "14:00" in html and "18:00" in html
    assert html.index("La Fabrique") < html.index("Le Jardin")
    assert "1 rue A" in html and "Note 0" in html
    assert html.count("Cycliste N") >= 30
    assert (
        "J&#x27;ai besoin qu&#x27;on me prête un vélo" in html or "J'ai besoin qu'on me prête un vélo" in html
    )
    assert "QR code de la page publique du parcours" in html
    assert day_url("tap", bike_route.translation_key, Registration.objects.first().uuid) in html


def test_checking_in_from_the_kit_comes_back_to_the_kit(client, volunteer, bike_route):
    client.force_login(volunteer)
    someone = Registration.objects.filter(session_key=bike_route.translation_key).first()

    response = client.post(
        day_url("tap", bike_route.translation_key, someone.uuid), {"present": "1", "next": "kit"}
    )

    assert response["Location"].startswith(day_url("kit", bike_route.translation_key))
    someone.refresh_from_db()
    assert someone.checked_in_at is not None


def test_a_workshop_has_no_kit(client, volunteer, make_workshop):
    client.force_login(volunteer)

    assert client.get(day_url("kit", make_workshop().translation_key), follow=True).status_code == 404


def test_a_scripted_day_gives_the_figures_one_computes_by_hand(
    settings, edition, make_workshop, make_route, day2
):
    make_workshop(title="Atelier A", slug="atelier-a", capacity=6)
    make_route(parent=day2, title="Parcours B", slug="parcours-b", capacity=30)
    settings.DEBUG = True
    out = io.StringIO()

    call_command("simulate_day", "--per-session", "10", stdout=out)

    lines = figures_of(edition)[0]
    # Atelier A: 5 register, 1 cancels, 4 * 4 // 5 = 3 checked in, 1 walk-in; 6 places.
    a = lines["Atelier A"]
    assert (a.registered, a.confirmed, a.checked_in, a.walk_ins, a.no_shows, a.present) == (5, 4, 3, 1, 1, 4)
    # Parcours B: 10 register, 1 cancels, 9 * 4 // 5 = 7 checked in, 1 walk-in; 30 places.
    b = lines["Parcours B"]
    assert (b.registered, b.confirmed, b.checked_in, b.walk_ins, b.present) == (10, 9, 7, 1, 8)
    assert "12 présent·es pour 36 places (remplissage 33 %, présence 77 %)" in out.getvalue()


def test_the_scripted_day_is_refused_in_production(settings, edition):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("simulate_day", stdout=io.StringIO())
