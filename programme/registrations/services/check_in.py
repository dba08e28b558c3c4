"""Ticking people as present on the day."""

from django.db import transaction

from ..models import Registration
from .base import announce_change
from .errors import RegistrationError


def set_checked_in(registration, *, present, now):
    """Tick (or untick) a confirmed person as present on the day."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.CONFIRMED:
            raise RegistrationError("not_confirmed")
        registration.checked_in_at = now if present else None
        registration.save(update_fields=["checked_in_at"])
        announce_change(registration.session_key)
    return registration
