from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, post_page_move, workflow_approved

from .signals import registration_changed


class RegistrationsConfig(AppConfig):
    name = "programme.registrations"
    label = "registrations"
    verbose_name = _("Inscriptions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: receivers and live need the models, not loaded before ready().
        from . import live, receivers
        from .messaging import approvals, changes
        from .sessions import SESSION_MODELS

        registration_changed.connect(live.forget_counts, dispatch_uid="registrations.live_counts")

        page_published.connect(
            receivers.fill_places_after_publishing, dispatch_uid="registrations.fill_places"
        )
        # Issue 15: change notices, and a cancelled session published again.
        page_published.connect(changes.session_published, dispatch_uid="registrations.change_notices")
        post_page_move.connect(changes.session_moved, dispatch_uid="registrations.change_notices_moved")
        # The approver is told what the publisher is (messaging/approvals.py).
        workflow_approved.connect(approvals.remember_approval, dispatch_uid="registrations.approvals")
        for model in SESSION_MODELS:
            pre_save.connect(
                changes.remember_state, sender=model, dispatch_uid=f"registrations.state_{model.__name__}"
            )
