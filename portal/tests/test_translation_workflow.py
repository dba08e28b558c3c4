"""Translations through the moderation workflow (portal/translation_workflow.py): the
editor submits a translation from wagtail-localize's editor, the moderator approves or
sends it back from the dashboard, and only moderators may convert a translation to an
alias or stop its synchronisation."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from portal.translation_workflow import SUBMIT_ACTION
from tests.helpers import is_refused

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def english_workshop(programme, demo_users, django_capture_on_commit_callbacks):
    """The programme's workshop translated into English and published (its parents with
    it), the English title still to write."""
    english = Locale.objects.get(language_code="en")
    source, _ = TranslationSource.get_or_create_from_instance(programme.workshop)
    translation = Translation.objects.create(source=source, target_locale=english)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=demo_users.administrateur, publish=True)
    page = programme.workshop.get_translation(english).specific
    return page, translation


def translate_title(translation, text):
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=translation.target_locale,
        context=segment.context,
        defaults={"data": text},
    )


def submit(client, page):
    return client.post(edit_url(page), {"action": SUBMIT_ACTION}, follow=True)


def approve_from_dashboard(client, page):
    """Wagtail's approve action, as the dashboard's "Approuver" button posts it."""
    state = page.current_workflow_state
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    return client.post(url, {"comment": ""})


def test_an_editor_sees_submit_instead_of_publish_alias_and_stop(client, demo_users, english_workshop):
    page, _ = english_workshop
    client.force_login(demo_users.editeur)

    html = client.get(edit_url(page)).content.decode()

    assert "Soumettre à la modération" in html
    assert f'value="{SUBMIT_ACTION}"' in html
    # wagtail-localize's footer (publish, convert to alias, stop) is hidden for editors.
    assert ".ectl-translation-editor .js-translation-editor footer.footer { display: none; }" in html


def test_a_moderator_keeps_wagtail_localizes_footer(client, demo_users, english_workshop):
    page, _ = english_workshop
    client.force_login(demo_users.moderateur)

    html = client.get(edit_url(page)).content.decode()

    assert f'value="{SUBMIT_ACTION}"' not in html
    assert "footer.footer { display: none; }" not in html
    assert "convert_to_alias" in html


def test_an_editor_submits_a_translation_and_the_moderator_approves_it(
    client, demo_users, english_workshop, django_capture_on_commit_callbacks
):
    page, translation = english_workshop
    translate_title(translation, "Digital commons workshop")
    client.force_login(demo_users.editeur)

    response = submit(client, page)

    assert "a été soumise pour modération" in response.content.decode()
    page.refresh_from_db()
    assert page.title != "Digital commons workshop"  # the live page has not changed
    assert page.get_latest_revision_as_object().title == "Digital commons workshop"
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == demo_users.editeur

    # The moderator finds it on the dashboard, with Wagtail's approve action.
    client.force_login(demo_users.moderateur)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Digital commons workshop" in dashboard
    assert reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk]
    ) in (dashboard)
    with django_capture_on_commit_callbacks(execute=True):
        approve_from_dashboard(client, page)

    page.refresh_from_db()
    assert page.title == "Digital commons workshop"
    assert page.live
    assert page.current_workflow_state is None


def test_a_translation_sent_back_is_submitted_again(client, demo_users, english_workshop):
    page, translation = english_workshop
    client.force_login(demo_users.editeur)
    submit(client, page)
    state = page.current_workflow_state
    client.force_login(demo_users.moderateur)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.current_task_state.pk]),
        {"comment": "Le titre reste en français."},
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    translate_title(translation, "Digital commons workshop")
    client.force_login(demo_users.editeur)
    assert "Soumettre à nouveau à la modération" in client.get(edit_url(page)).content.decode()
    submit(client, page)

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Digital commons workshop"


def test_a_translation_waiting_for_review_is_not_submitted_twice(client, demo_users, english_workshop):
    page, _ = english_workshop
    client.force_login(demo_users.editeur)
    submit(client, page)

    html = client.get(edit_url(page)).content.decode()
    assert "Soumise pour modération" in html
    response = submit(client, page)

    assert "attend déjà la relecture" in response.content.decode()
    assert WorkflowState.objects.for_instance(page).count() == 1


def test_an_editor_cannot_publish_a_translation_directly(client, demo_users, english_workshop):
    page, translation = english_workshop
    translate_title(translation, "Digital commons workshop")
    client.force_login(demo_users.editeur)

    response = client.post(edit_url(page), {"action": "publish"})

    assert is_refused(response)
    page.refresh_from_db()
    assert page.title != "Digital commons workshop"


def test_a_moderator_publishing_a_translation_in_moderation_approves_it(
    client, demo_users, english_workshop, django_capture_on_commit_callbacks
):
    page, translation = english_workshop
    client.force_login(demo_users.editeur)
    submit(client, page)
    translate_title(translation, "Digital commons workshop")
    state = page.current_workflow_state

    client.force_login(demo_users.moderateur)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(page), {"action": "publish"}, follow=True)

    assert "a été approuvée et publiée" in response.content.decode()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED  # approved, not cancelled
    page.refresh_from_db()
    assert page.title == "Digital commons workshop"


def test_a_moderator_publishes_a_translation_outside_moderation_directly(
    client, demo_users, english_workshop, django_capture_on_commit_callbacks
):
    page, translation = english_workshop
    translate_title(translation, "Digital commons workshop")
    client.force_login(demo_users.moderateur)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(page), {"action": "publish"})

    page.refresh_from_db()
    assert page.title == "Digital commons workshop"


def test_editors_may_not_stop_the_synchronisation_or_convert_to_an_alias(
    client, demo_users, english_workshop
):
    page, translation = english_workshop
    client.force_login(demo_users.editeur)

    stop = client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk]))
    convert = client.get(reverse("wagtail_localize:convert_to_alias", args=[page.pk]))

    assert is_refused(stop)
    assert is_refused(convert)
    translation.refresh_from_db()
    assert translation.enabled


def test_moderators_may_stop_the_synchronisation(client, demo_users, english_workshop):
    page, translation = english_workshop
    client.force_login(demo_users.moderateur)

    response = client.post(
        reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": edit_url(page)}
    )

    assert response.status_code == 302
    translation.refresh_from_db()
    assert not translation.enabled
    assert client.get(reverse("wagtail_localize:convert_to_alias", args=[page.pk])).status_code == 200


def test_convert_to_alias_is_not_in_an_editors_page_menu(client, demo_users, english_workshop):
    page, translation = english_workshop
    translation.enabled = False
    translation.save(update_fields=["enabled"])

    client.force_login(demo_users.editeur)
    assert "localize-convert-to-alias" not in client.get(edit_url(page)).content.decode()
    client.force_login(demo_users.moderateur)
    assert "localize-convert-to-alias" in client.get(edit_url(page)).content.decode()


def test_a_page_in_moderation_is_not_offered_for_translation(client, demo_users, programme):
    translate_url = reverse("wagtail_localize:submit_page_translation", args=[programme.plenary.pk])
    explorer = reverse("wagtailadmin_explore", args=[programme.day.pk])
    client.force_login(demo_users.editeur)
    assert translate_url in client.get(explorer).content.decode()

    programme.plenary.save_revision(user=demo_users.editeur)
    programme.plenary.get_workflow().start(programme.plenary, demo_users.editeur)

    assert translate_url not in client.get(explorer).content.decode()
    response = client.get(translate_url, follow=True)
    assert "est en cours de modération" in response.content.decode()
    assert not Translation.objects.filter(source__object_id=programme.plenary.translation_key).exists()
