"""Translations go through the moderation workflow, like the French pages.

wagtail-localize's translation editor publishes a translated page at once (its "Publier
dans English" button), and offers everyone who may edit the page "Convertir en alias de
page" and "Arrêter la synchronisation". Here, with Wagtail's own workflow (portal/roles.py):

- **Editors** (who may not publish the page) get one action instead: "Soumettre à la
  modération". It saves the translation as a draft revision of the English page and
  starts the workflow on it (or resumes it when a moderator asked for changes). The
  moderator then finds it in the dashboard's "En attente de votre vérification"
  panel, with Wagtail's "Approuver" / "Demander des modifications" actions; approval
  publishes that revision.
- **Moderators** keep wagtail-localize's editor as it is. When the English page is in
  moderation, their "Publier dans English" approves the workflow's current task (so the
  workflow records the approval and publishes), rather than publishing beside it, which
  would cancel the workflow.
- Converting to an alias and stopping the synchronisation stay for those who may publish
  (moderators, administrators): hidden from editors, refused on the server too.
- "Traduire cette page" is not offered for a French page still in moderation: its
  translation would be made from the last published version, not the one awaiting review.

The editor's footer is drawn in templates/wagtail_localize/admin/edit_translation.html
(the only overridden template); the rules are the functions below.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import ButtonWithDropdownFromHook
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import Translation
from wagtail_localize.views import convert, edit_translation, submit_translations

SUBMIT_ACTION = "ectl-submit-translation"
TRANSLATE_URL_NAME = "wagtail_localize:submit_page_translation"


# --- Rules ---------------------------------------------------------------------------------


def active_translation(page):
    """The synchronised translation whose target is ``page``, or None (a source page, an
    alias, or a translation whose synchronisation was stopped)."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


def may_manage_translations(user, instance=None):
    """Who may convert a translation to an alias or stop its synchronisation: those who
    may publish the page (moderators, administrators); for a person or venue, those who
    may publish pages at all."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    return PagePermissionPolicy().user_has_permission(user, "publish")


def in_moderation(page):
    """Whether the page has changes waiting for a moderator (or sent back to the editor)."""
    state = page.current_workflow_state
    return state is not None and state.status in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    )


def approvable_task_state(page, user):
    """The task in progress on ``page`` that ``user`` may approve, or None."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS or state.current_task_state is None:
        return None
    task_state = state.current_task_state
    actions = task_state.task.specific.get_actions(page, user)
    return task_state if any(name == "approve" for name, *_rest in actions) else None


class TranslationNotSubmitted(Exception):
    """A translation could not go to moderation; the message says why, in French."""


def save_translation_draft(translation, page, user):
    """A new revision of the translated page with the current translations, the live
    site unchanged; returns the page as it is now in the database.

    wagtail-localize's "draft" (``save_target(publish=False)``) also writes the
    translated fields into the page's row, which is what the site serves: the row of a
    live page is put back as its live revision has it (Wagtail keeps the new revision as
    the latest one, with "unpublished changes")."""
    translation.save_target(user=user, publish=False)
    page = page.specific_class.objects.get(pk=page.pk)
    if page.live and page.live_revision is not None:
        live = page.live_revision.as_object()
        live.has_unpublished_changes = True
        live.save(clean=False)
        page = page.specific_class.objects.get(pk=page.pk)
    return page


def submit_translation(translation, page, user):
    """Save the translated page as a draft and submit it for moderation; returns the
    page. A translation already waiting for a moderator stays as it is."""
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise TranslationNotSubmitted(_("Cette traduction attend déjà la relecture d'un modérateur."))
    workflow = page.get_workflow()
    if workflow is None:
        raise TranslationNotSubmitted(_("Aucun circuit de relecture ne s'applique à cette page."))
    with transaction.atomic():
        page = save_translation_draft(translation, page, user)
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        else:
            workflow.start(page, user)
    return page


def approve_translation(translation, page, user, task_state):
    """Save the translated page and approve the workflow's current task with it: the
    workflow publishes the page when that was its last task."""
    with transaction.atomic():
        save_translation_draft(translation, page, user)
        task_state.task.specific.on_action(task_state, user, "approve")


# --- The translation editor ----------------------------------------------------------------


def _submit(request, translation, page):
    # Wagtail's own test, less "already in moderation", which submit_translation explains.
    if not page.permissions_for_user(request.user).can_edit() or not page.has_workflow:
        raise PermissionDenied
    try:
        submit_translation(translation, page, request.user)
    except TranslationNotSubmitted as error:
        messages.error(request, str(error))
    except ValidationError:
        messages.error(
            request,
            _(
                "La traduction de « %(title)s » contient des erreurs : corrigez-les puis soumettez-la à nouveau."
            )
            % {"title": page.title},
        )
    else:
        messages.success(
            request,
            _("La traduction de « %(title)s » a été soumise pour modération.") % {"title": page.title},
        )
    return redirect(request.path)


def _approve(request, translation, page, task_state):
    try:
        approve_translation(translation, page, request.user, task_state)
    except ValidationError:
        messages.error(
            request,
            _("La traduction de « %(title)s » contient des erreurs : corrigez-les puis publiez-la à nouveau.")
            % {"title": page.title},
        )
    else:
        messages.success(
            request,
            _("La traduction de « %(title)s » a été approuvée et publiée.") % {"title": page.title},
        )
    return redirect(request.path)


@hooks.register("before_edit_page", order=-1)
def translation_through_the_workflow(request, page):
    """Before wagtail-localize's own hook: an editor's "Soumettre à la modération", and a
    moderator's "Publier" on a translation that is in moderation."""
    if request.method != "POST":
        return None
    translation = active_translation(page)
    if translation is None:
        return None
    action = request.POST.get("action")
    if action == SUBMIT_ACTION:
        return _submit(request, translation, page)
    if action == "publish" and (task_state := approvable_task_state(page, request.user)):
        return _approve(request, translation, page, task_state)
    return None


# --- Actions kept for moderators ------------------------------------------------------------


@hooks.register("construct_page_action_menu")
def hide_alias_conversion_from_editors(menu_items, request, context):
    """The page editor's "Convertir en alias de page" (a translation whose synchronisation
    was stopped) is for moderators."""
    page = context.get("page")
    if page is not None and not may_manage_translations(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]


@hooks.register("construct_page_listing_buttons")
def no_translation_of_a_page_in_moderation(buttons, page, user, context=None):
    """Drop "Traduire cette page" from a row's "⋯" menu while the page is in moderation."""
    if not in_moderation(page):
        return
    translate_url = reverse(TRANSLATE_URL_NAME, args=[page.pk])
    for button in buttons:
        if isinstance(button, ButtonWithDropdownFromHook):
            button.dropdown_buttons[:] = [b for b in button.dropdown_buttons if b.url != translate_url]


def stop_translation(request, translation_id):
    translation = get_object_or_404(Translation, id=translation_id)
    if not may_manage_translations(request.user, translation.get_target_instance()):
        raise PermissionDenied
    return edit_translation.stop_translation(request, translation_id)


def convert_to_alias(request, page_id):
    page = get_object_or_404(Page, id=page_id)
    if not may_manage_translations(request.user, page):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


def submit_page_translation(request, page_id):
    page = get_object_or_404(Page, id=page_id)
    if in_moderation(page):
        messages.warning(
            request,
            _(
                "« %(title)s » est en cours de modération : vous pourrez la traduire une fois "
                "ses modifications approuvées et publiées."
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return submit_translations.SubmitPageTranslationView.as_view()(request, page_id=page_id)


@hooks.register("register_admin_urls", order=-1)
def guarded_translation_urls():
    """The same addresses as wagtail-localize's views, listed before them, so that these
    rules apply whatever button or link leads there."""
    return [
        path("localize/translate/<int:translation_id>/disable/", stop_translation),
        path("localize/page/<int:page_id>/convert_to_alias/", convert_to_alias),
        path("localize/submit/page/<int:page_id>/", submit_page_translation),
    ]
