"""The team's introduction paragraph per e-mail and language: in the e-mails, in the
preview, and an English text left empty falls back to the default wording."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from programme.registrations.models import EmailIntroductions

pytestmark = pytest.mark.django_db

PREVIEW = reverse("registrations_admin:email_preview")


@pytest.fixture
def introductions(site_tree):
    setting = EmailIntroductions.for_site(Site.objects.get(is_default_site=True))
    setting.confirmation_fr = "Le tram 2 s'arrête devant le Bazaar St So."
    setting.save()
    return setting


def test_the_confirmation_carries_the_introduction_of_its_language(
    introductions, workshop, register, run_tasks
):
    register(workshop, "ada@example.org", first_name="Ada")
    register(workshop, "bob@example.org", first_name="Bob", language="en")

    run_tasks()

    sent = {m.to[0]: m for m in mail.outbox}
    assert (
        "Bonjour Ada,\n\nLe tram 2 s'arrête devant le Bazaar St So.\n\nVotre place est réservée"
        in sent["ada@example.org"].body
    )
    # No English text: the English e-mail keeps its default wording, not the French paragraph.
    bob = sent["bob@example.org"].body
    assert "tram 2" not in bob and "Hello Bob,\n\n" in bob


def test_an_english_introduction_goes_to_english_registrants(introductions, workshop, register, run_tasks):
    introductions.confirmation_en = "Tram 2 stops in front of the Bazaar St So."
    introductions.save()
    register(workshop, "bob@example.org", first_name="Bob", language="en")

    run_tasks()

    (bob,) = mail.outbox
    assert "Hello Bob,\n\nTram 2 stops in front of the Bazaar St So.\n\n" in bob.body


def test_without_introductions_the_emails_are_unchanged(site_tree, workshop, register, run_tasks):
    register(workshop, "ada@example.org", first_name="Ada")

    run_tasks()

    assert "Bonjour Ada,\n\nVotre place est réservée pour :" in mail.outbox[0].body


def test_the_preview_shows_each_email_in_both_languages(client, manager, introductions):
    introductions.session_cancelled_en = "We are sorry."
    introductions.save()
    client.force_login(manager)

    response = client.get(PREVIEW)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Le tram 2 s&#x27;arrête devant le Bazaar St So." in content
    assert "We are sorry." in content
    assert "Séance annulée : Atelier d&#x27;exemple" in content and "Bonjour Camille," in content
    assert "Hello Camille," in content


def test_an_editor_cannot_open_the_preview(client, editor):
    client.force_login(editor)

    assert client.get(PREVIEW)["Location"] == "/admin/"


def test_the_setting_refuses_unknown_kinds(introductions):
    assert introductions.introduction("nonsense", "fr") == ""
    assert introductions.introduction("confirmation", "de") == ""
