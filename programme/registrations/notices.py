"""What the organisers' e-mails say and attach, in the recipient's language.

The outbox (``emails.render``) asks here for the extra context of every e-mail (the
team's introduction paragraph, a change's old and new values, the organisers' note)
and for the calendar attachment of change notices and cancellations."""

from datetime import date, time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from home import datetimes
from programme.models import Venue

from .models import EmailIntroductions, OutgoingEmail
from .sessions import in_language, notice_calendar, personal_url

Kind = OutgoingEmail.Kind


def introduction(kind, language):
    """The team's paragraph for this kind of e-mail in ``language``; "" for the default."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    return EmailIntroductions.for_site(site).introduction(kind, language)


# --- Change notices: a snapshot's values as the recipient reads them ----------------


def _time(value):
    return datetimes.time_of_day(value) if value else ""


def _venue(venue_id, language):
    """The room's label from its ``language`` version when there is one."""
    venue = Venue.objects.filter(pk=venue_id).first() if venue_id else None
    venue = in_language(venue, language)
    return venue.label if venue else ""


def describe_field(field, value, language):
    """One value of a session snapshot (changes.snapshot), readable in ``language``."""
    if value in (None, ""):
        return _("non précisé")
    if field == "date":
        return datetimes.long_date(date.fromisoformat(value))
    if field in ("start", "end", "return_time"):
        return _time(time.fromisoformat(value))
    if field == "venue":
        return _venue(value, language) or _("non précisé")
    return str(value)


def field_labels():
    return {
        "date": _("Jour :"),
        "start": _("Début :"),
        "end": _("Fin :"),
        "venue": _("Lieu :"),
        "meeting_point": _("Point de rendez-vous :"),
        "return_time": _("Retour :"),
    }


def describe_changes(changes, language):
    """[(label, old, new)] of a notice's ``{field: [old, new]}``, in ``language``."""
    labels = field_labels()
    return [
        (labels[field], describe_field(field, old, language), describe_field(field, new, language))
        for field, (old, new) in changes.items()
        if field in labels
    ]


def extra_context(email):
    """What the templates of these e-mails need beyond the registration's context."""
    context = {"introduction": introduction(email.kind, email.language)}
    if email.kind == Kind.CHANGE:
        context["changes"] = describe_changes(email.data.get("changes", {}), email.language)
    if email.kind == Kind.SESSION_CANCELLED:
        context["note"] = email.data.get("note", "")
    return context


def notice_attachments(email, registration):
    """The ``.ics`` of a change notice (to confirmed people) or a cancellation."""
    if email.kind not in (Kind.CHANGE, Kind.SESSION_CANCELLED) or "sequence" not in email.data:
        return []
    if email.kind == Kind.CHANGE and registration.status != registration.Status.CONFIRMED:
        return []  # people waiting have no entry to update
    if email.kind == Kind.SESSION_CANCELLED and not email.data.get("had_place"):
        return []
    calendar = notice_calendar(
        registration.session_key,
        email.language,
        sequence=email.data["sequence"],
        cancelled=email.kind == Kind.SESSION_CANCELLED,
    )
    return [("seance.ics", calendar, "text/calendar")] if calendar else []


# --- The organisers' messages --------------------------------------------------------


def message_texts(message, language):
    """(subject, body, french_only) of a message for a recipient in ``language``: the
    English text when there is one, else the French text with a note saying so."""
    english = language != "fr" and bool(message.body_en.strip())
    if english:
        return message.subject_en.strip() or message.subject_fr, message.body_en, False
    return message.subject_fr, message.body_fr, language != "fr"


def render_message(message, attendee, language, edition=None, link=None):
    """(subject, body) of ``message`` as ``attendee`` receives it (their first name, their
    personal link), in ``language``. ``link`` replaces the link (the preview)."""
    subject, body, french_only = message_texts(message, language)
    with translation.override(language):
        context = {
            "attendee": attendee,
            "body": body.strip(),
            "french_only": french_only,
            "personal_url": link if link is not None else personal_url(attendee, language),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "edition": edition,
        }
        text = render_to_string("registrations/emails/message.txt", context)
    return " ".join(subject.split())[:300], text
