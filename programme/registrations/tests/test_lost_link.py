""" "J'ai perdu mon lien": the same answer for known and unknown addresses, the e-mail sent
by the worker to registered people only, and a rate limit."""

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from home.factories import EditionPageFactory
from programme.registrations.models import Attendee

pytestmark = pytest.mark.django_db


def url(edition):
    return reverse("registrations:lost_link", args=[edition.pk])


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_an_email(
    client, edition, workshop, register, run_tasks
):
    register(workshop, "ada@example.org")
    run_tasks()
    mail.outbox.clear()

    known = client.post(url(edition), {"email": "Ada@Example.org"}, follow=True)
    unknown = client.post(url(edition), {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert "Si cette adresse est inscrite" in known.content.decode()
    # Nothing looked up in the request: two tasks queued alike.
    assert DBTaskResult.objects.filter(task_path__endswith="send_lost_link").count() == 2

    run_tasks()
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    assert Attendee.objects.get().token in mail.outbox[0].body


def test_an_address_of_another_edition_gets_nothing(
    client, edition, workshop, register, run_tasks, site_tree
):
    other = EditionPageFactory(parent=site_tree.home, year=1999, slug="edition-1999")
    register(workshop, "ada@example.org")
    run_tasks()
    mail.outbox.clear()

    client.post(url(other), {"email": "ada@example.org"})
    run_tasks()

    assert mail.outbox == []


def test_bad_input_gets_a_message_and_a_tampered_edition_a_404(client, edition, workshop):
    response = client.post(url(edition), {"email": "pas-une-adresse"})
    assert response.status_code == 400
    assert 'href="#id_email"' in response.content.decode()
    assert client.get(reverse("registrations:lost_link", args=[workshop.pk])).status_code == 404
    assert client.get(reverse("registrations:lost_link", args=[999999])).status_code == 404


def test_the_lost_link_page_is_rate_limited(client, edition, settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(url(edition), {"email": "a@example.org"}).status_code == 302

    response = client.post(url(edition), {"email": "a@example.org"})

    assert response.status_code == 429
    assert DBTaskResult.objects.filter(task_path__endswith="send_lost_link").count() == 2


def test_the_forms_link_to_the_lost_link_page(client, edition, day, workshop):
    assert url(edition) in client.get(reverse("registrations:register", args=[workshop.pk])).content.decode()
    assert url(edition) in client.get(reverse("registrations:planner", args=[day.pk])).content.decode()
