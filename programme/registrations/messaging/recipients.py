"""Who a message goes to: the registrants of a session (or route), of a day or of a
whole edition, by status (confirmed, waiting) and presence (checked in or not yet).

A person registered for several sessions of the selection gets one e-mail, in the
language they last registered in (``Attendee.language``), linked to their most recent
matching registration (so that the e-mail goes with their data under the retention
rule). Anonymised people receive nothing."""

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from home.models import EditionPage

from ..models import Registration
from ..sessions import default_locale_id, edition_sessions

Status = Registration.Status

STATUSES = (Status.CONFIRMED.value, Status.WAITING.value)
PRESENCE_ANY, PRESENCE_IN, PRESENCE_NOT_YET = "any", "checked_in", "not_checked_in"
PRESENCES = (PRESENCE_ANY, PRESENCE_IN, PRESENCE_NOT_YET)


class SelectionError(ValueError):
    """A target that names no edition, day or session of the programme."""


@dataclass(frozen=True)
class Selection:
    """``scope`` is "edition", "day" or "session"; ``key`` the translation key of that
    page (edition, day or session); ``edition`` the edition's."""

    scope: str
    key: uuid.UUID
    edition: uuid.UUID
    statuses: tuple = STATUSES
    presence: str = PRESENCE_ANY
    label: str = ""
    session_keys: tuple = ()

    def as_json(self):
        return {
            "scope": self.scope,
            "key": str(self.key),
            "edition": str(self.edition),
            "statuses": list(self.statuses),
            "presence": self.presence,
            "sessions": [str(key) for key in self.session_keys],
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            scope=data["scope"],
            key=uuid.UUID(data["key"]),
            edition=uuid.UUID(data["edition"]),
            statuses=tuple(data["statuses"]),
            presence=data["presence"],
            session_keys=tuple(uuid.UUID(key) for key in data["sessions"]),
        )


def targets():
    """[(edition title, [(value, label)])]: every edition (newest first), its days and
    its sessions that take registrations; ``value`` is "scope:key"."""
    editions = EditionPage.objects.filter(locale_id=default_locale_id()).order_by("-start_date")
    groups = []
    for edition in editions:
        options = [
            (f"edition:{edition.translation_key}", _("Toute l'édition %(title)s") % {"title": edition.title})
        ]
        for day, infos in edition_sessions(edition):
            options.append((f"day:{day.translation_key}", _("Journée : %(title)s") % {"title": day.title}))
            options += [(f"session:{info.key}", f"— {info.page.numbered_title}") for info in infos]
        groups.append((edition.title, options))
    return groups


def parse_target(value, statuses=STATUSES, presence=PRESENCE_ANY):
    """The Selection of a target value ("session:<key>"…); SelectionError otherwise."""
    scope, _sep, raw = (value or "").partition(":")
    try:
        key = uuid.UUID(raw)
    except ValueError as error:
        raise SelectionError(value) from error
    editions = EditionPage.objects.filter(locale_id=default_locale_id())
    for edition in editions:
        days = edition_sessions(edition)
        found = _find(scope, key, edition, days)
        if found is not None:
            label, keys = found
            statuses = tuple(s for s in STATUSES if s in statuses)
            presence = presence if presence in PRESENCES else PRESENCE_ANY
            return Selection(
                scope=scope,
                key=key,
                edition=edition.translation_key,
                statuses=statuses,
                presence=presence,
                label=" · ".join([label, *describe_filters(statuses, presence)]),
                session_keys=tuple(keys),
            )
    raise SelectionError(value)


def describe_filters(statuses, presence):
    labels = {Status.CONFIRMED: _("places confirmées"), Status.WAITING: _("liste d'attente")}
    parts = [", ".join(str(labels[status]) for status in statuses)]
    if presence == PRESENCE_IN:
        parts.append(_("déjà pointé·es"))
    elif presence == PRESENCE_NOT_YET:
        parts.append(_("pas encore pointé·es"))
    return parts


def _find(scope, key, edition, days):
    """(label, session keys) of the target in this edition, or None."""
    if scope == "edition" and edition.translation_key == key:
        return edition.title, [info.key for _day, infos in days for info in infos]
    for day, infos in days:
        if scope == "day" and day.translation_key == key:
            return f"{edition.title} – {day.title}", [info.key for info in infos]
        for info in infos:
            if scope == "session" and info.key == key:
                return f"{edition.title} – {info.page.numbered_title}", [info.key]
    return None


def matching(selection):
    """The live registrations of the selection (a queryset)."""
    registrations = Registration.objects.filter(
        session_key__in=selection.session_keys,
        status__in=selection.statuses,
        attendee__anonymised_at__isnull=True,
    )
    if selection.presence == PRESENCE_IN:
        registrations = registrations.filter(checked_in_at__isnull=False)
    elif selection.presence == PRESENCE_NOT_YET:
        registrations = registrations.filter(checked_in_at__isnull=True)
    return registrations


def count(selection):
    """How many people the selection reaches (one query)."""
    return matching(selection).values("attendee_id").distinct().count()


def recipients(selection):
    """[registration] one per person (their latest matching one, attendee loaded)."""
    chosen = {}
    for registration in (
        matching(selection).select_related("attendee", "edition").order_by("-created_at", "-pk")
    ):
        chosen.setdefault(registration.attendee_id, registration)
    return list(chosen.values())
