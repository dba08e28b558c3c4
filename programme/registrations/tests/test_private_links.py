"""The personal link stays private: not in logs, not in calendars (which get shared);
the links in e-mails come from WAGTAILADMIN_BASE_URL and open; HEAD works where GET
does."""

import datetime as dt
import importlib.util
import json
import logging
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from gunicorn.config import Config
from icalendar import Calendar

from portal.logging import JSONFormatter, MaskTokensFilter, mask_tokens
from programme.registrations.models import Registration
from programme.registrations.sessions import calendar_for

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[3]


def form_data(**overrides):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.org",
        "consent": "on",
        **overrides,
    }


# --- E-mail links -------------------------------------------------------------------


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:8000", "https://tiers-lieux.example.org"])
def test_the_links_of_a_rendered_email_come_from_the_base_url_and_open(
    client, make_workshop, settings, django_capture_on_commit_callbacks, run_tasks, base_url
):
    settings.WAGTAILADMIN_BASE_URL = base_url
    session = make_workshop(title="Atelier vélo", slug="atelier-velo", start_time=dt.time(14))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registrations:register", args=[session.pk]), form_data())
    run_tasks()

    body = mail.outbox[0].body
    token = Registration.objects.get().attendee.token
    links = re.findall(r"https?://\S+", body)
    assert f"{base_url}/fr/inscriptions/moi/{token}/" in links
    assert f"{base_url}{session.url}" in links  # the session page, from the same setting
    assert all(link.startswith(base_url + "/") for link in links), links

    personal = client.get(f"{base_url}/fr/inscriptions/moi/{token}/".removeprefix(base_url))
    assert personal.status_code == 200
    assert "Atelier vélo" in personal.content.decode()


# --- Calendars ----------------------------------------------------------------------


def test_the_calendar_of_a_registration_links_to_the_public_page_not_the_personal_link(
    client, make_workshop, register, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://tiers-lieux.example.org"
    session = make_workshop(title="Atelier vélo", slug="atelier-velo", start_time=dt.time(14))
    registration = register(session, "ada@example.org")
    token = registration.attendee.token

    attached = calendar_for([registration], "fr")
    downloaded = client.get(reverse("registrations:calendar", args=[token])).content

    for ics in (attached, downloaded):
        assert token.encode() not in ics
        assert b"/inscriptions/moi/" not in ics
        [event] = Calendar.from_ical(ics).walk("VEVENT")
        assert str(event["URL"]) == f"https://tiers-lieux.example.org{session.url}"
        assert f"https://tiers-lieux.example.org{session.url}" in str(event["DESCRIPTION"])


# --- Logs ---------------------------------------------------------------------------


def test_mask_tokens():
    assert mask_tokens("Not Found: /fr/inscriptions/moi/abcDEF-123_x/annuler/u/") == (
        "Not Found: /fr/inscriptions/moi/<masked>/annuler/u/"
    )
    assert (
        mask_tokens("/en/inscriptions/moi/tok%20en/calendrier.ics")
        == "/en/inscriptions/moi/<masked>/calendrier.ics"
    )
    assert mask_tokens("/fr/inscriptions/seance/12/") == "/fr/inscriptions/seance/12/"


def test_django_request_warnings_show_no_token(client, caplog, register, workshop):
    token = register(workshop).attendee.token
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/fr/inscriptions/moi/{token}x/").status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]

    # Every handler masks, and Django's loggers write only through them (Django's default
    # console handler, and runserver's, would print the path as it is; checked by hand
    # under gunicorn and runserver: the token is in no line).
    for handler in django_settings.LOGGING["handlers"].values():
        assert "mask_tokens" in handler["filters"]
    loggers = django_settings.LOGGING["loggers"]
    assert loggers["django"]["propagate"] is False and loggers["django.server"]["propagate"] is False
    MaskTokensFilter().filter(record)
    assert token not in record.getMessage()
    assert record.getMessage() == "Not Found: /fr/inscriptions/moi/<masked>/"
    line = json.loads(JSONFormatter().format(record))
    assert token not in json.dumps(line)
    assert line["path"] == "/fr/inscriptions/moi/<masked>/"


def test_gunicorn_access_log_shows_no_token(capsys):
    spec = importlib.util.spec_from_file_location("gunicorn_conf", BASE_DIR / "deploy" / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    cfg = Config()
    cfg.set("accesslog", "-")
    access_logger = conf.JSONAccessLogger(cfg)
    lines = []
    access_logger.access_log = SimpleNamespace(info=lines.append)
    request = SimpleNamespace(
        method="GET",
        path="/fr/inscriptions/moi/SECRET-token_1/",
        query="",
        version=(1, 1),
        headers=[],
        uri="",
    )
    response = SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10)
    environ = {
        "REMOTE_ADDR": "203.0.113.7",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/fr/inscriptions/moi/SECRET-token_1/",
        "PATH_INFO": "/fr/inscriptions/moi/SECRET-token_1/",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }

    access_logger.access(response, request, environ, timedelta(milliseconds=3))

    [line] = lines
    assert "SECRET-token_1" not in line
    assert json.loads(line)["path"] == "/fr/inscriptions/moi/<masked>/"
    # gunicorn's own errors ("Error handling request /fr/inscriptions/moi/…") too.
    assert all(
        any(isinstance(f, MaskTokensFilter) for f in handler.filters)
        for handler in access_logger.error_log.handlers
    )


# --- HEAD ---------------------------------------------------------------------------


def test_head_works_where_get_does(client, workshop, register):
    registration = register(workshop)
    token = registration.attendee.token
    urls = [
        reverse("registrations:register", args=[workshop.pk]),
        reverse("registrations:personal", args=[token]),
        reverse("registrations:delete_data", args=[token]),
        reverse("registrations:calendar", args=[token]),
        reverse("registrations:data_deleted"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
    # HEAD changes nothing: no registration, no deletion.
    assert Registration.objects.count() == 1
    assert Registration.objects.get().attendee.anonymised_at is None


# --- Framing ------------------------------------------------------------------------


def test_public_pages_may_be_framed_by_no_one(client, workshop):
    response = client.get(workshop.url)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
