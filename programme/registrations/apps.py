from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from .signals import registration_changed


class RegistrationsConfig(AppConfig):
    name = "programme.registrations"
    label = "registrations"
    verbose_name = _("Inscriptions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: receivers and live need the models, not loaded before ready().
        from . import live, receivers

        registration_changed.connect(live.forget_counts, dispatch_uid="registrations.live_counts")

        page_published.connect(
            receivers.fill_places_after_publishing, dispatch_uid="registrations.fill_places"
        )
