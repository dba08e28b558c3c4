"""When an editor publishes a session with more places than before, the people waiting
get them (and their e-mails) at once, instead of waiting for someone to cancel."""

import logging

from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from .models import Registration

logger = logging.getLogger(__name__)


@receiver(page_published)
def fill_places_after_publishing(sender, instance, **kwargs):
    from programme.models import SessionPage

    from . import services

    if not isinstance(instance, SessionPage) or not instance.registration_required:
        return
    waiting = Registration.objects.filter(
        session_key=instance.translation_key, status=Registration.Status.WAITING
    )
    if not waiting.exists():
        return
    try:
        services.promote_waiting_list(instance, now=timezone.now())
    except Exception:  # publishing must never fail because of this
        logger.exception("Could not promote the waiting list of page %s", instance.pk)
