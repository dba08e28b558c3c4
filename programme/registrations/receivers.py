"""When an editor publishes a session with more places than before, the people waiting
get them (and their e-mails) at once, instead of waiting for someone to cancel."""

import logging

from django.utils import timezone

from programme.models import SessionPage

from .models import Registration
from .services.waiting_list import promote_waiting_list

logger = logging.getLogger(__name__)


def fill_places_after_publishing(sender, instance, **kwargs):
    """Connected to ``page_published`` in RegistrationsConfig.ready()."""
    if not isinstance(instance, SessionPage) or not instance.registration_required:
        return
    waiting = Registration.objects.filter(
        session_key=instance.translation_key, status=Registration.Status.WAITING
    )
    if not waiting.exists():
        return
    try:
        promote_waiting_list(instance, now=timezone.now())
    except Exception:  # publishing must never fail because of this
        logger.exception("Could not promote the waiting list of page %s", instance.pk)
