"""The whole visitor journey in English: register, get the e-mail, cancel from the link,
see the waiting list move. Expected texts are read from the English catalogue (so that a
better translation does not break the test), and must differ from the French."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from programme.registrations.models import Registration

pytestmark = pytest.mark.django_db


def english(text, *args):
    with translation.override("en"):
        translated = ngettext(text, args[0], args[1]) if args else gettext(text)
    assert translated != text, f"no English translation for {text!r}"
    return translated


def form_data(email):
    return {"first_name": "Grace", "last_name": "Hopper", "email": email, "consent": "on"}


def test_register_cancel_and_see_the_waiting_list_move_in_english(
    client, make_workshop, translate, django_capture_on_commit_callbacks, run_tasks
):
    source = make_workshop(title="Atelier", slug="atelier", capacity=1)
    page = translate(source)
    url = reverse("registrations:register", args=[page.pk]).replace("/fr/", "/en/")

    shown = client.get(page.url).content.decode()
    assert english("%(count)s place restante", "%(count)s places restantes", 1) % {"count": 1} in shown

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, form_data("grace@example.org"), follow=True)
        second = client.post(url, form_data("ada@example.org"), follow=True)
    run_tasks()
    assert first.status_code == second.status_code == 200
    assert "Atelier (EN)" in first.content.decode()
    confirmation, waiting = mail.outbox
    assert confirmation.subject == english("Inscription confirmée : %(title)s") % {"title": "Atelier (EN)"}
    assert "/en/inscriptions/moi/" in confirmation.body
    assert waiting.subject == english("Liste d'attente : %(title)s") % {"title": "Atelier (EN)"}

    grace = Registration.objects.get(attendee__email="grace@example.org")
    personal = client.get(f"/en/inscriptions/moi/{grace.attendee.token}/").content.decode()
    assert english("Mes inscriptions") in personal
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/inscriptions/moi/{grace.attendee.token}/annuler/{grace.uuid}/")
    run_tasks()

    ada = Registration.objects.get(attendee__email="ada@example.org")
    assert ada.status == Registration.Status.CONFIRMED
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["ada@example.org"] == english("Une place s'est libérée : %(title)s") % {
        "title": "Atelier (EN)"
    }
    assert subjects["grace@example.org"] == english("Inscription annulée : %(title)s") % {
        "title": "Atelier (EN)"
    }


def test_refusals_are_in_english_on_the_english_site(client, make_workshop, translate, register):
    source = make_workshop(title="Atelier", slug="atelier", capacity=1, waiting_list_enabled=False)
    page = translate(source)
    register(source)

    response = client.post(
        reverse("registrations:register", args=[page.pk]).replace("/fr/", "/en/"),
        form_data("ada@example.org"),
    )

    assert response.status_code == 409
    assert english("Cette séance est complète.") in response.content.decode()


def test_field_messages_are_in_english(client, workshop, translate):
    page = translate(workshop)

    response = client.post(
        reverse("registrations:register", args=[page.pk]).replace("/fr/", "/en/"), {"email": "nope"}
    )

    content = response.content.decode()
    assert english("Indiquez votre prénom.") in content
    assert english("Cochez cette case pour vous inscrire.") in content
