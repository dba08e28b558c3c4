"""On the day: check-in codes and their QR codes, the check-in screen, walk-ins and the
offline queue's server side (checkin/, services/check_in.py)."""

import datetime as dt
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from home.factories import EditionPageFactory
from programme.factories import ProgrammeDayPageFactory, WorkshopPageFactory
from programme.registrations import codes, services
from programme.registrations.models import CHECK_IN_ALPHABET, Registration
from programme.registrations.services.errors import RegistrationError
from programme.registrations.sessions import resolve_session

from .conftest import BIKE_ID, MENU_ID, VEGETARIAN_ID, bike_question, menu_question

pytestmark = pytest.mark.django_db

Status = Registration.Status


def day_url(name, *args):
    return reverse(f"registrations_checkin:{name}", args=args)


@pytest.fixture
def volunteer(django_user_model):
    """A member of "Accueil" as setup_roles makes it (portal/tests/test_roles.py):
    admin access and check-in only."""
    group, _ = Group.objects.get_or_create(name="Accueil")
    group.permissions.add(
        Permission.objects.get(codename="check_in", content_type__app_label="registrations"),
        Permission.objects.get(codename="access_admin"),
    )
    user = django_user_model.objects.create_user(username="accueil", password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def lunch(make_workshop, register):
    session = make_workshop(
        title="Déjeuner",
        slug="dejeuner",
        capacity=3,
        registration_questions=[menu_question(), bike_question(required=False)],
    )
    register(
        session,
        "ada@example.org",
        first_name="Ada",
        last_name="Lovelace",
        answers={MENU_ID: VEGETARIAN_ID, BIKE_ID: True},
    )
    register(session, "eve@example.org", first_name="Eve", last_name="Curie")
    return session


def of(email, page=None):
    registrations = Registration.objects.filter(attendee__email=email)
    if page is not None:
        registrations = registrations.filter(session_key=page.translation_key)
    return registrations.get()


def sync(client, page, ops):
    return client.post(
        day_url("sync", page.translation_key), data=json.dumps({"ops": ops}), content_type="application/json"
    )


# --- Codes --------------------------------------------------------------------------


def test_every_registration_has_its_own_code_unrelated_to_the_personal_token(lunch):
    ada, eve = of("ada@example.org"), of("eve@example.org")

    assert ada.check_in_code != eve.check_in_code
    assert len(ada.check_in_code) == 10 and set(ada.check_in_code) <= set(CHECK_IN_ALPHABET)
    assert ada.check_in_code not in ada.attendee.token


def test_a_code_is_read_however_it_is_typed_or_scanned(lunch):
    code = of("ada@example.org").check_in_code
    shown = codes.display(code)

    assert shown == f"{code[:5]}-{code[5:]}"
    assert codes.normalise(shown.lower()) == code
    assert codes.normalise(f"  {code[:5]} {code[5:]} ") == code
    assert codes.normalise(codes.scan_url(code)) == code
    assert codes.normalise("0O1IL" + "2" * 5) == "00111" + "2" * 5
    for bad in ["", "abc", "U" * 10, code + "X", "<script>", None]:
        assert codes.normalise(bad) == ""


def test_the_qr_code_is_inline_svg_with_a_text_alternative(lunch):
    code = of("ada@example.org").check_in_code
    svg = codes.qr_svg(codes.scan_url(code), title="QR <code>")

    assert svg.startswith('<svg role="img"') and "<title>QR &lt;code&gt;</title>" in svg
    assert codes.qr_png(code).startswith(b"\x89PNG")


# --- The personal side: e-mail, personal page, ticket --------------------------------


def test_the_confirmation_carries_the_short_code_the_ticket_and_the_qr_code(
    make_workshop, register, django_capture_on_commit_callbacks, run_tasks
):
    session = make_workshop(title="Plénière", slug="pleniere", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(session, "ada@example.org")
    run_tasks()

    message = mail.outbox[-1]
    assert codes.display(registration.check_in_code) in message.body
    ticket = reverse("registrations:ticket", args=[registration.attendee.token, registration.uuid])
    assert ticket in message.body
    names = {name: (content, kind) for name, content, kind in message.attachments}
    assert names["qr-code-pointage.png"][1] == "image/png"
    assert names["qr-code-pointage.png"][0].startswith(b"\x89PNG")


def test_the_waiting_list_e_mail_has_no_code(
    make_workshop, register, django_capture_on_commit_callbacks, run_tasks
):
    session = make_workshop(capacity=1)
    register(session, "first@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        waiting = register(session, "ada@example.org")
    run_tasks()

    message = [m for m in mail.outbox if m.to == ["ada@example.org"]][-1]
    assert waiting.status == Status.WAITING
    assert codes.display(waiting.check_in_code) not in message.body
    assert all(name != "qr-code-pointage.png" for name, *_ in message.attachments)


def test_the_personal_page_and_the_ticket_show_the_qr_code_and_short_code(client, lunch):
    ada = of("ada@example.org")
    page = client.get(reverse("registrations:personal", args=[ada.attendee.token]))
    ticket = client.get(reverse("registrations:ticket", args=[ada.attendee.token, ada.uuid]))

    for response in (page, ticket):
        html = response.content.decode()
        assert codes.display(ada.check_in_code) in html
        assert '<svg role="img"' in html and "<title>QR code de pointage" in html
    assert "no-store" in ticket["Cache-Control"] and ticket["Referrer-Policy"] == "no-referrer"
    assert "Ada Lovelace" in ticket.content.decode()


def test_a_ticket_needs_the_owners_token_and_a_confirmed_place(client, lunch, register):
    ada, eve = of("ada@example.org"), of("eve@example.org")
    grace = register(lunch, "grace@example.org")
    waiter = register(lunch, "wait@example.org")
    assert waiter.status == Status.WAITING

    for token, registration in [
        (eve.attendee.token, ada),  # someone else's place
        (waiter.attendee.token, waiter),  # waiting: nothing to show at the door
        ("x" * 65, grace),
        (ada.check_in_code, ada),  # the check-in code is not a personal link
    ]:
        response = client.get(reverse("registrations:ticket", args=[token, registration.uuid]))
        assert response.status_code == 404


def test_the_check_in_code_opens_no_personal_page(client, lunch):
    ada = of("ada@example.org")

    for name in ("personal", "delete_data", "calendar"):
        assert client.get(reverse(f"registrations:{name}", args=[ada.check_in_code])).status_code == 404
    response = client.post(reverse("registrations:cancel", args=[ada.check_in_code, ada.uuid]))
    assert response.status_code == 404
    ada.refresh_from_db()
    assert ada.status == Status.CONFIRMED


def test_the_personal_token_checks_nobody_in(client, volunteer, lunch):
    ada = of("ada@example.org")
    client.force_login(volunteer)

    response = sync(client, lunch, [{"op": "1", "code": ada.attendee.token, "present": True}])
    lookup = client.get(day_url("code", ada.attendee.token))

    assert response.json()["results"][0]["ok"] is False
    assert lookup.status_code == 302 and lookup["Location"] == day_url("index")
    ada.refresh_from_db()
    assert ada.checked_in_at is None


def test_the_qr_code_leads_a_volunteer_to_the_person_on_the_screen(client, volunteer, lunch):
    ada = of("ada@example.org")
    client.force_login(volunteer)

    response = client.get(day_url("code", codes.display(ada.check_in_code).lower()))

    assert response.status_code == 302
    assert response["Location"] == day_url("screen", lunch.translation_key) + f"?code={ada.check_in_code}"
    screen = client.get(response["Location"]).content.decode()
    assert re.search(rf'id="person-{ada.uuid}"(?![^>]*hidden)', screen)
    assert re.search(rf'id="person-{of("eve@example.org").uuid}"[^>]*hidden', screen)


def test_an_anonymous_visitor_scanning_a_qr_code_gets_the_login_page(client, lunch):
    response = client.get(day_url("code", of("ada@example.org").check_in_code))

    assert response.status_code == 302 and "/login/" in response["Location"]


# --- Who may check in ------------------------------------------------------------------


def test_the_accueil_role_has_check_in_rights_only(client, volunteer, lunch):
    client.force_login(volunteer)

    assert client.get(day_url("index")).status_code == 200
    assert client.get(day_url("screen", lunch.translation_key)).status_code == 200
    for forbidden in [
        reverse("registrations_admin:index"),
        reverse("registrations_admin:session", args=[lunch.translation_key]),
        reverse("registrations_admin:export_session", args=[lunch.translation_key, "csv"]),
        day_url("report"),
    ]:
        assert client.get(forbidden).status_code in (302, 403), forbidden


def test_an_editor_without_check_in_rights_is_refused(client, editor, lunch):
    client.force_login(editor)

    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    for response in [
        client.get(day_url("index")),
        client.get(day_url("screen", lunch.translation_key)),
        sync(client, lunch, []),
    ]:
        assert response.status_code in (302, 403)
        assert b"Lovelace" not in response.content


def test_the_screen_is_never_cached_and_shows_names_answers_and_counts(client, volunteer, lunch):
    client.force_login(volunteer)
    services.record_check_in(of("ada@example.org"), present=True, now=timezone.now())

    response = client.get(day_url("screen", lunch.translation_key))

    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "Ada Lovelace" in html and "Végétarien" in html and "prête un vélo" in html
    assert re.search(r'data-count="present">1<', html)
    assert re.search(r'data-count="confirmed">2<', html)
    assert re.search(r'data-count="capacity">3<', html)


def test_the_session_list_links_every_session_and_the_kits(client, volunteer, lunch, make_route):
    route = make_route(title="Parcours vélo", slug="parcours-velo")
    client.force_login(volunteer)

    html = client.get(day_url("index")).content.decode()

    assert day_url("screen", lunch.translation_key) in html
    assert day_url("kit", route.translation_key) in html


# --- Checking in -------------------------------------------------------------------------


def test_checking_in_twice_keeps_the_first_time_and_says_already(client, volunteer, lunch):
    ada = of("ada@example.org")
    client.force_login(volunteer)
    at = timezone.now() - dt.timedelta(minutes=5)
    first = sync(
        client, lunch, [{"op": "a", "id": str(ada.uuid), "present": True, "at": int(at.timestamp() * 1000)}]
    )

    second = client.get(day_url("screen", lunch.translation_key) + f"?code={ada.check_in_code}")
    again = sync(client, lunch, [{"op": "b", "code": ada.check_in_code, "present": True}])

    ada.refresh_from_db()
    assert abs(ada.checked_in_at - at) < dt.timedelta(seconds=1)
    label = timezone.localtime(ada.checked_in_at).strftime("%Hh%M")
    assert first.json()["results"][0] == {
        "op": "a",
        "ok": True,
        "id": str(ada.uuid),
        "changed": True,
        "present": True,
        "time": label,
    }
    assert f"Déjà pointé·e à {label}." in second.content.decode()
    assert again.json()["results"][0]["changed"] is False
    assert again.json()["counts"]["present"] == 1


def test_undo_with_another_tap(client, volunteer, lunch):
    ada = of("ada@example.org")
    client.force_login(volunteer)
    tap = day_url("tap", lunch.translation_key, ada.uuid)

    client.post(tap, {"present": "1"})
    ada.refresh_from_db()
    assert ada.checked_in_at is not None
    response = client.post(tap, {"present": "0"})
    ada.refresh_from_db()
    assert ada.checked_in_at is None
    assert response.status_code == 302 and response["Location"].endswith(f"#person-{ada.uuid}")


def test_a_replayed_queue_counts_each_tap_once(client, volunteer, lunch):
    ada, eve = of("ada@example.org"), of("eve@example.org")
    client.force_login(volunteer)
    ops = [
        {"op": "1", "id": str(ada.uuid), "present": True},
        {"op": "2", "id": str(eve.uuid), "present": True},
        {"op": "3", "id": str(eve.uuid), "present": False},
        {"op": "4", "id": str(eve.uuid), "present": True},
    ]

    sync(client, lunch, ops)
    response = sync(client, lunch, ops)  # the answer was lost: the phone sends again

    assert response.json()["counts"]["present"] == 2
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 2


def test_a_tap_time_from_the_phone_is_used_only_when_plausible(lunch):
    now = timezone.now()
    ada = of("ada@example.org")
    tomorrow, last_week = now + dt.timedelta(days=1), now - dt.timedelta(days=7)

    services.record_check_in(ada, present=True, now=now, at=tomorrow)
    ada.refresh_from_db()
    assert ada.checked_in_at == now
    services.record_check_in(ada, present=False, now=now)
    services.record_check_in(ada, present=True, now=now, at=last_week)
    ada.refresh_from_db()
    assert ada.checked_in_at == now


def test_waiting_people_are_shown_as_such_and_not_checked_in(client, volunteer, lunch, register):
    register(lunch, "grace@example.org", first_name="Grace", last_name="Hopper")
    waiting = register(lunch, "wait@example.org", first_name="Wanda", last_name="Waits")
    client.force_login(volunteer)

    response = sync(client, lunch, [{"op": "w", "id": str(waiting.uuid), "present": True}])
    html = client.get(
        day_url("screen", lunch.translation_key) + f"?code={waiting.check_in_code}"
    ).content.decode()

    assert response.json()["results"][0] == {
        "op": "w",
        "ok": False,
        "message": "Seule une inscription confirmée peut être pointée.",
    }
    assert "Seule une inscription confirmée peut être pointée." in html
    assert "En liste d'attente : pas de place confirmée" in html
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_a_person_registered_for_another_session_is_shown_as_such(
    client, volunteer, lunch, make_workshop, register
):
    other = make_workshop(title="Atelier cartographie", slug="atelier-carto")
    mapper = register(other, "map@example.org", first_name="Mae", last_name="Carto")
    client.force_login(volunteer)

    html = client.get(
        day_url("screen", lunch.translation_key) + f"?code={mapper.check_in_code}"
    ).content.decode()
    response = sync(client, lunch, [{"op": "x", "code": mapper.check_in_code, "present": True}])

    assert "Mae Carto est inscrit·e à une autre séance : Atelier cartographie." in html
    assert response.json()["results"][0]["message"] == "Cette personne est inscrite à une autre séance."
    mapper.refresh_from_db()
    assert mapper.checked_in_at is None


def test_a_forged_or_another_editions_code_is_refused(client, volunteer, lunch, site_tree, register):
    edition = EditionPageFactory(parent=site_tree.home, year=2031, slug="edition-2031")
    day = ProgrammeDayPageFactory(parent=edition, date=dt.date(2031, 11, 29))
    elsewhere = WorkshopPageFactory(parent=day, registration_required=True, capacity=5)
    stranger = register(elsewhere, "ada@example.org")
    info = resolve_session(lunch)

    for code, expected in [
        (stranger.check_in_code, "other_edition"),
        ("0000000000", "unknown_code"),
        ("", "unknown_code"),
    ]:
        with pytest.raises(RegistrationError) as caught:
            services.check_in_by_code(code, info, present=True, now=timezone.now())
        assert caught.value.code == expected
    client.force_login(volunteer)
    html = client.get(
        day_url("screen", lunch.translation_key) + f"?code={stranger.check_in_code}"
    ).content.decode()
    assert "Ce code est celui d&#x27;une autre édition." in html
    stranger.refresh_from_db()
    assert stranger.checked_in_at is None


def test_a_malformed_queue_is_refused_without_a_server_error(client, volunteer, lunch):
    client.force_login(volunteer)
    url = day_url("sync", lunch.translation_key)

    for body in ["not json", "[]", '{"ops": "x"}', '{"ops": [1, 2]}', json.dumps({"ops": [{}] * 501})]:
        assert client.post(url, data=body, content_type="application/json").status_code == 400
    odd = sync(
        client,
        lunch,
        [
            {"op": "1", "id": "not-a-uuid", "present": True},
            {"op": ["x"], "code": 5, "present": "yes", "at": "soon"},
        ],
    )
    assert odd.status_code == 200
    assert [r["ok"] for r in odd.json()["results"]] == [False, False]


def test_the_state_follows_the_other_door(client, volunteer, lunch):
    ada = of("ada@example.org")
    client.force_login(volunteer)
    services.record_check_in(ada, present=True, now=timezone.now())

    data = client.get(day_url("state", lunch.translation_key)).json()

    assert data["counts"] == {"present": 1, "confirmed": 2, "waiting": 0, "capacity": 3, "left": 1}
    assert data["people"][str(ada.uuid)]["present"] is True


# --- Walk-ins ----------------------------------------------------------------------------


def walk_in(client, page, **data):
    data.setdefault("first_name", "Sam")
    data.setdefault("last_name", "Surplace")
    return client.post(day_url("walk_in", page.translation_key), data)


def test_a_walk_in_is_added_checked_in_and_counted(client, volunteer, lunch):
    client.force_login(volunteer)

    response = walk_in(client, lunch, organisation="La Fabrique")

    assert response.status_code == 302
    sam = Registration.objects.get(attendee__last_name="Surplace")
    assert sam.walk_in and sam.status == Status.CONFIRMED and sam.checked_in_at is not None
    assert sam.attendee.email.endswith("@sur-place.invalid")
    assert mail.outbox == []
    counts = client.get(day_url("state", lunch.translation_key)).json()["counts"]
    assert counts["present"] == 1 and counts["confirmed"] == 3


def test_walk_ins_respect_capacity_unless_a_manager_overrides(client, volunteer, manager, lunch):
    client.force_login(volunteer)
    walk_in(client, lunch, first_name="One")  # the last place

    refused = walk_in(client, lunch, first_name="Two", override="on")  # not a manager: no override

    assert refused.status_code == 400
    assert "Plus aucune place libre" in refused.content.decode()
    assert 'name="override"' not in refused.content.decode()
    assert Registration.objects.filter(walk_in=True).count() == 1
    client.force_login(manager)
    assert walk_in(client, lunch, first_name="Two").status_code == 400
    assert walk_in(client, lunch, first_name="Two", override="on").status_code == 302
    assert (
        Registration.objects.filter(session_key=lunch.translation_key, status=Status.CONFIRMED).count() == 4
    )


def test_a_walk_in_already_registered_is_sent_to_the_list(client, volunteer, lunch):
    client.force_login(volunteer)

    response = walk_in(client, lunch, email="ADA@example.org")

    assert response.status_code == 400
    assert "déjà inscrite à cette séance" in response.content.decode()


def test_a_walk_in_with_bad_input_gets_messages_not_an_error(client, volunteer, lunch):
    client.force_login(volunteer)

    response = walk_in(client, lunch, first_name="", last_name="a\u202eb", email="nope")

    assert response.status_code == 400
    assert Registration.objects.filter(walk_in=True).count() == 0


def test_walk_ins_only_where_registration_is_taken(make_workshop):
    open_door = resolve_session(make_workshop(registration_required=False, capacity=None))

    with pytest.raises(RegistrationError) as caught:
        services.add_walk_in(open_door, first_name="A", last_name="B", now=timezone.now())
    assert caught.value.code == "not_registrable"


def test_the_manager_permission_gives_check_in_rights(client, manager, lunch):
    client.force_login(manager)

    assert client.get(day_url("screen", lunch.translation_key)).status_code == 200
    assert Permission.objects.filter(codename="check_in", content_type__app_label="registrations").exists()
