"""Feedback after a session (services/feedback.py): invited once, after the end (its
day's end without times), in the registrant's language; one anonymous answer per
registration; anyone after the session from its page; results and export in the admin."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from programme.registrations import services
from programme.registrations.models import Feedback, FeedbackRequest, Registration
from programme.registrations.services.feedback import queue_feedback_requests, session_ended_at, submit
from programme.registrations.sessions import resolve_session
from programme.timing import aware


def at(day, hour, minute=0):
    return aware(day.date, dt.time(hour, minute))


@pytest.fixture
def timed(make_workshop):
    return make_workshop(
        title="Plénière", slug="pleniere", start_time=dt.time(10), end_time=dt.time(12), capacity=10
    )


@pytest.fixture
def registrations(timed, day):
    before = at(day, 8) - dt.timedelta(days=10)
    made = [
        services.register(
            timed, email=f"p{n}@example.org", first_name="Ada", last_name="L", now=before
        ).registration
        for n in range(2)
    ]
    english = services.register(
        timed, email="en@example.org", first_name="Bob", last_name="L", now=before, language="en"
    ).registration
    return [*made, english]


def invitations():
    return [m for m in mail.outbox if "avis" in m.subject.lower() or "feedback" in m.subject.lower()]


def test_the_end_is_the_end_time_else_the_days_end(timed, make_workshop, day):
    assert session_ended_at(timed.timing()) == at(day, 12)
    untimed = make_workshop(title="Atelier", slug="atelier")
    assert session_ended_at(untimed.timing()) == aware(day.date + dt.timedelta(days=1))


def test_registrants_are_invited_once_after_the_end_in_their_language(
    timed, day, registrations, run_tasks, settings
):
    run_tasks()
    mail.outbox.clear()
    assert queue_feedback_requests(now=at(day, 11, 59)) == []
    assert len(queue_feedback_requests(now=at(day, 12, 5))) == 3
    assert queue_feedback_requests(now=at(day, 13)) == []  # once
    run_tasks()
    sent = invitations()
    assert len(sent) == 3
    french = next(m for m in sent if m.to == ["p0@example.org"])
    english = next(m for m in sent if m.to == ["en@example.org"])
    assert french.subject == "Votre avis : Plénière" and "/fr/inscriptions/avis/" in french.body
    assert english.subject.startswith("Your feedback") and "/en/inscriptions/avis/" in english.body
    token = FeedbackRequest.objects.get(registration=registrations[0]).token
    assert token in french.body


def test_too_late_or_cancelled_gets_nothing(timed, day, registrations):
    services.cancel(registrations[0], now=at(day, 9))
    assert len(queue_feedback_requests(now=at(day, 12) + dt.timedelta(days=20))) == 0
    assert len(queue_feedback_requests(now=at(day, 13))) == 2


def test_the_command_queues_them(timed, day, registrations, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(day, 13))
    call_command("send_feedback_requests")
    assert FeedbackRequest.objects.count() == 3


def test_one_anonymous_answer_per_registration(client, timed, day, registrations):
    queue_feedback_requests(now=at(day, 12, 30))
    token = FeedbackRequest.objects.get(registration=registrations[0]).token
    url = reverse("registrations:feedback", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "allez-vous en retenir" in page.content.decode()
    assert "no-store" in page["Cache-Control"] and page["Referrer-Policy"] == "no-referrer"
    response = client.post(url, {"rating": "4", "take_home": "Des idées", "missing": "Du temps"})
    assert "Merci, votre avis est bien reçu." in response.content.decode()
    again = client.post(url, {"rating": "1"})
    assert "déjà donné votre avis" in again.content.decode()
    answer = Feedback.objects.get()
    assert (answer.rating, answer.take_home, answer.missing, answer.from_registrant) == (
        4,
        "Des idées",
        "Du temps",
        True,
    )
    assert answer.session_key == timed.translation_key
    # Nothing ties the answer to a person.
    assert {f.name for f in Feedback._meta.get_fields()} & {"registration", "attendee", "request"} == set()
    assert timezone.localtime(answer.created_at).time() == dt.time(0)  # the day only


def test_bad_answers_and_tokens(client, timed, day, registrations):
    queue_feedback_requests(now=at(day, 12, 30))
    token = FeedbackRequest.objects.get(registration=registrations[1]).token
    url = reverse("registrations:feedback", args=[token])
    for data in ({"rating": "9"}, {"rating": "x"}, {}, {"rating": "3", "take_home": "x" * 3000}):
        response = client.post(url, data)
        assert response.status_code == 200 and Feedback.objects.count() == 0
    assert client.get(reverse("registrations:feedback", args=["nope"])).status_code == 404


def test_anyone_after_the_session_from_its_page(client, timed, day, monkeypatch):
    from programme import now as clock

    url = reverse("registrations:session_feedback", args=[timed.pk])
    monkeypatch.setattr(timezone, "now", lambda: at(day, 11))
    monkeypatch.setattr(clock, "current_time", lambda: at(day, 11))
    assert client.get(url).status_code == 404
    assert url not in client.get(timed.url).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: at(day, 12, 1))
    monkeypatch.setattr(clock, "current_time", lambda: at(day, 12, 1))
    assert f'href="{url}"' in client.get(timed.url).content.decode()
    client.post(url, {"rating": "5"})
    assert Feedback.objects.get().from_registrant is False
    assert client.get(reverse("registrations:session_feedback", args=[999999])).status_code == 404


def test_submit_refuses_before_the_end(timed, day):
    with pytest.raises(services.feedback.FeedbackError):
        submit(info=resolve_session(timed), rating=3, now=at(day, 11))


def test_results_and_export_in_the_admin(admin_client, timed, day, registrations, edition):
    info = resolve_session(timed)
    for rating in (3, 5):
        submit(info=info, rating=rating, take_home="Des contacts", now=at(day, 13))
    Registration.objects.filter(pk=registrations[0].pk).update(checked_in_at=at(day, 10))
    with translation.override("fr"):
        url = reverse("registrations_admin:feedback")
    html = admin_client.get(url, {"edition": edition.pk}).content.decode()
    assert "Plénière" in html and "4.0 / 5" in html.replace(",", ".") and "Des contacts" in html
    export = admin_client.get(url, {"edition": edition.pk, "format": "csv"})
    text = export.content.decode("utf-8")
    assert export["Content-Type"].startswith("text/csv") and text.startswith("\ufeff")
    rows = [line.split(";") for line in text.strip().splitlines()[1:]]
    assert [(row[0], row[1], row[2], row[3]) for row in rows] == [
        ("Plénière", "3", "1", "3"),
        ("Plénière", "3", "1", "5"),
    ]
