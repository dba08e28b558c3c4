"""Text that cannot break output: the form refuses what has no place in a name or an
answer (control characters, line breaks, invisible-only text, web addresses in names),
and whatever text is in the database anyway, the exports, the printable sheet, the
e-mails and the admin lists are written without failing."""

import csv
import io
import unicodedata

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from programme.registrations.models import Attendee, Registration

from .conftest import DIET_ID, diet_question

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    database=None,  # no .hypothesis/ directory in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any character a database column can hold: PostgreSQL refuses NUL, and no encoding
# holds a lone surrogate.
STORABLE = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=100)
# What a browser can post (NUL included: Django's own validator refuses it).
POSTABLE = st.text(st.characters(exclude_categories=["Cs"]), max_size=100)

HOSTILE = "a\x01\x1b[31mb\x7f"  # issue 12: made the .xlsx exports answer 500


def admin_url(name, *args):
    return reverse(f"registrations_admin:{name}", args=args)


@pytest.fixture
def session(make_workshop):
    return make_workshop(
        title="Déjeuner", slug="dejeuner", capacity=10_000, registration_questions=[diet_question()]
    )


def form_data(**overrides):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.org",
        "organisation": "",
        f"q_{DIET_ID}": "",
        "consent": "on",
        **overrides,
    }


# --- The form -----------------------------------------------------------------------

CONTROL = "Écrivez sur une seule ligne, sans caractère spécial ni retour à la ligne."
INVISIBLE = "Écrivez au moins une lettre ou un chiffre visible."
ADDRESS = "Un nom ne peut pas contenir d'adresse web ni d'adresse e-mail."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", HOSTILE, CONTROL),
        ("last_name", "Bob\r\nBcc: x\r\n\r\nClick http://evil.example/", CONTROL),
        ("first_name", "Bob\nMarley", CONTROL),
        ("first_name", "Bob\u2028Marley", CONTROL),  # Unicode line separator
        ("last_name", "\u202eevil", CONTROL),  # right-to-left override
        ("first_name", "\u200b", INVISIBLE),  # zero-width space
        ("last_name", "\u200b\u2060\ufeff\u3164", INVISIBLE),
        ("first_name", "Click http://evil.example", ADDRESS),
        ("last_name", "evil.com", ADDRESS),
        ("last_name", "www.evil", ADDRESS),
        ("first_name", "bob@evil.example", ADDRESS),
        ("last_name", "ｈｔｔｐｓ：／／evil．example", ADDRESS),  # full-width forms
        ("last_name", "evil．com", ADDRESS),
        ("organisation", "Tiers\x00lieu", None),  # Django's own NUL check
        ("organisation", "Tiers\tlieu", CONTROL),
        ("organisation", "\u200b\u200b", INVISIBLE),
        (f"q_{DIET_ID}", "Végétarien\r\nBcc: x", CONTROL),
        (f"q_{DIET_ID}", "\u2063", INVISIBLE),
    ],
)
def test_the_form_refuses_text_that_has_no_place_in_a_name_or_an_answer(
    client, session, field, value, message
):
    response = client.post(reverse("registrations:register", args=[session.pk]), form_data(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    if message:
        assert response.context["form"].errors[field] == [message]
    assert not Registration.objects.exists()


def test_the_refusal_is_in_the_visitors_language(client, session, translate):
    english = translate(session)
    url = reverse("registrations:register", args=[english.pk])
    assert url.startswith("/fr/")
    response = client.post(
        "/en/" + url.removeprefix("/fr/"), form_data(first_name="\u200b", last_name="a\nb")
    )
    errors = response.context["form"].errors
    assert errors["first_name"] == ["Write at least one visible letter or digit."]
    assert errors["last_name"] == ["Write on a single line, without special characters or line breaks."]


@pytest.mark.parametrize(
    "name", ["Zoë", "Jean-Paul", "O'Brien", "St.Pierre", "J. R. R.", "李小龍", "Ana María", "Nguyễn 🙂"]
)
def test_ordinary_names_are_accepted(client, session, name):
    response = client.post(
        reverse("registrations:register", args=[session.pk]),
        form_data(first_name=name, last_name=name, organisation=f"{name} & Cie", **{f"q_{DIET_ID}": name}),
    )
    assert response.status_code == 302
    assert Attendee.objects.get().first_name == name


@FUZZ
@given(first_name=POSTABLE, last_name=POSTABLE, organisation=POSTABLE, answer=POSTABLE)
def test_any_text_through_the_form_is_refused_or_accepted_never_a_server_error(
    client, session, settings, first_name, last_name, organisation, answer
):
    settings.REGISTRATION_RATE_LIMIT = 0
    response = client.post(
        reverse("registrations:register", args=[session.pk]),
        form_data(
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            email=f"fuzz-{Attendee.objects.count()}@example.org",
            **{f"q_{DIET_ID}": answer},
        ),
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        attendee = Attendee.objects.order_by("-pk").first()
        for text in (attendee.first_name, attendee.last_name, attendee.organisation):
            assert not any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in text)


# --- Whatever is in the database ----------------------------------------------------


def outputs(client, session):
    edition = session.get_parent().get_parent()
    return {
        "csv": client.get(admin_url("export_session", session.translation_key, "csv")),
        "xlsx": client.get(admin_url("export_session", session.translation_key, "xlsx")),
        "edition xlsx": client.get(admin_url("export_edition", edition.pk, "xlsx")),
        "edition csv": client.get(admin_url("export_edition", edition.pk, "csv")),
        "sheet": client.get(admin_url("sheet", session.translation_key)),
        "session list": client.get(admin_url("session", session.translation_key)),
        "overview": client.get(admin_url("overview")),
        "all registrations": client.get(admin_url("index")),
        "search": client.get(admin_url("index_results") + "?q=example"),
        "dashboard": client.get(reverse("wagtailadmin_home")),
    }


def test_control_characters_in_the_database_do_not_break_the_xlsx_exports(client, manager, session, register):
    register(session, "eve@example.org", first_name=HOSTILE, last_name=HOSTILE, organisation=HOSTILE)
    client.force_login(manager)

    responses = outputs(client, session)

    for name, response in responses.items():
        assert response.status_code == 200, name
    workbook = load_workbook(io.BytesIO(responses["xlsx"].content)).active
    assert "a\ufffd\ufffd[31mb\x7f" in [cell.value for cell in workbook[2]]
    rows = list(csv.reader(io.StringIO(responses["csv"].content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][5] == "a\ufffd\ufffd[31mb\x7f"  # the same text in both files


@FUZZ
@given(first_name=STORABLE, last_name=STORABLE, organisation=STORABLE, answer=STORABLE)
def test_any_text_in_the_database_is_exported_listed_printed_and_mailed(
    client,
    manager,
    session,
    register,
    django_capture_on_commit_callbacks,
    run_tasks,
    first_name,
    last_name,
    organisation,
    answer,
):
    client.force_login(manager)
    sent = len(mail.outbox)
    # Straight into the database, as data entered before the form's checks or by an editor.
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            session,
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            answers={DIET_ID: answer},
        )
    assert Attendee.objects.filter(pk=registration.attendee_id).exists()  # stored (names stripped)
    run_tasks()
    assert len(mail.outbox) == sent + 1  # the confirmation went out

    for name, response in outputs(client, session).items():
        assert response.status_code == 200, name
