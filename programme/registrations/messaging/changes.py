"""Change notices: a published session that moves (day, start or end time, room or
venue, meeting point, return time) tells its registrants, once per burst of changes.

``SessionNotice.notified`` is the session's state as registrants last heard of it (read
from the database just before the first publication that rewrites it: ``remember_state``).
Each publication of the French page compares the new state with it: when something a
registrant relies on differs, the notice is due ``NOTICE_DELAY`` later and a task is
enqueued for then (``send_change_notice``); another publication within the delay
pushes it back, so several changes make one notice. The task compares again (a change
undone sends nothing), raises the calendar SEQUENCE and queues one e-mail per live
registration with the old and new values; confirmed people get a ``.ics`` with the
same UID (METHOD:REQUEST) that their calendar applies to the entry already added.
Text (description, people) is not compared: it sends nothing. The editor who published
can keep the registrants from being told (``silent``).

Each e-mail quotes the values in its registrant's language (``differences_in``): the
French page is compared, but a meeting point (``TEXTS``) is quoted from the published
translation when it says the change (updated since the last notice), else in French;
rooms are named from their translation (``notices.py``)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from programme.models import SessionPage

from ..models import OutgoingEmail, Registration, SessionNotice
from ..services.base import lock_session
from ..sessions import default_language, resolve_keys, session_in_languages
from .cancellation import live_registrations, reopen_session
from .outbox import queue_many

# Publications within this delay of the previous one make one notice.
NOTICE_DELAY = timedelta(minutes=5)
FIELDS = ("date", "start", "end", "venue", "meeting_point", "return_time")
# Those of FIELDS that translators write: each language's version has its own text.
TEXTS = ("meeting_point",)


def _iso(value):
    return value.isoformat() if value else None


def _texts(page):
    return {field: getattr(page, field, "") or None for field in TEXTS}


def snapshot(page, day):
    """What a registrant relies on, as JSON-ready values (None when not given), from the
    French page; ``texts`` holds the translated values (``TEXTS``) of each published
    translation, for the registrants of that language."""
    others = [code for code, _name in settings.LANGUAGES if code != default_language()]
    return {
        "date": _iso(getattr(day, "date", None)),
        "start": _iso(page.start_time),
        "end": _iso(page.end_time),
        "venue": page.venue_id,
        **_texts(page),
        "return_time": _iso(getattr(page, "return_time", None)),
        "texts": {
            language: _texts(version)
            for language, version in session_in_languages(page.translation_key, others).items()
        },
    }


def differences(old, new):
    """{field: [old, new]} of what changed."""
    return {field: [old.get(field), new.get(field)] for field in FIELDS if old.get(field) != new.get(field)}


def differences_in(language, old, new):
    """``differences`` as a registrant of ``language`` reads them: a changed text in
    that language's published version, before and after, when that version says the
    change (it existed before and was updated since); else the French values (a
    translation not synchronised yet still says the old text)."""
    changes = differences(old, new)
    before = old.get("texts", {}).get(language)
    after = new.get("texts", {}).get(language)
    for field in TEXTS:
        if field in changes and before is not None and after is not None and before[field] != after[field]:
            changes[field] = [before[field], after[field]]
    return changes


def remember_state(sender, instance, update_fields=None, **kwargs):
    """``pre_save`` of session pages: before a published French session with
    registrants is first written anew (publishing saves every field; a draft saves a
    few), record the state they know, read from the database."""
    if update_fields is not None or not instance.pk or not instance.live:
        return
    page = _source(instance)
    if (
        page is None
        or SessionNotice.objects.filter(session_key=page.translation_key).exclude(notified={}).exists()
    ):
        return
    if not live_registrations(page.translation_key).exists():
        return
    stored = type(page).objects.filter(pk=page.pk).first()
    if stored is not None:
        known = snapshot(stored, stored.get_parent().specific)
        SessionNotice.objects.update_or_create(session_key=page.translation_key, defaults={"notified": known})


def note_change(key, new, now, old=None):
    """Record that the session's state is now ``new`` (``old`` being what registrants
    knew if nothing was recorded yet); schedule the notice when it differs from what
    they know. Returns the notice when one is due."""
    if not live_registrations(key).exists():  # nobody to tell: no row for every session
        SessionNotice.objects.filter(session_key=key).update(notified=new, due_at=None)
        return None
    with transaction.atomic():
        notice, _created = SessionNotice.objects.select_for_update().get_or_create(session_key=key)
        if not notice.notified:
            notice.notified = old or new
        if not differences(notice.notified, new):
            notice.notified, notice.due_at = new, None
            notice.save(update_fields=["notified", "due_at"])
            return None
        notice.due_at = now + NOTICE_DELAY
        notice.silent = False
        notice.save(update_fields=["notified", "due_at", "silent"])
        send_change_notice.using(run_after=notice.due_at).enqueue(str(key))
    return notice


def _source(page):
    """The French page of a published session, else None (translations follow it)."""
    page = getattr(page, "specific", page)
    if not isinstance(page, SessionPage) or page.locale.language_code != default_language():
        return None
    return page


def session_published(sender, instance, revision=None, **kwargs):
    """``page_published``: compare, and let a cancelled session take registrations again."""
    page = _source(instance)
    if page is None:
        return
    reopen_session(page.translation_key)
    note_change(page.translation_key, snapshot(page, page.get_parent().specific), timezone.now())


def session_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    """``post_page_move``: a session moved to another day."""
    page = _source(instance)
    if page is None or not page.live or getattr(parent_page_before, "pk", None) == parent_page_after.pk:
        return
    page = type(page).objects.get(pk=page.pk)
    old = snapshot(page, parent_page_before.specific if parent_page_before else None)
    note_change(page.translation_key, snapshot(page, parent_page_after.specific), timezone.now(), old=old)


def pending_count(key):
    """How many registrants a due notice concerns."""
    return live_registrations(key).values("attendee_id").distinct().count()


def set_silent(key, silent):
    """The publishing editor's choice: tell the registrants (default) or not."""
    return SessionNotice.objects.filter(session_key=key, due_at__isnull=False).update(silent=silent)


@task(backend=settings.REGISTRATION_TASK_BACKEND)
def send_change_notice(session_key):
    """Send the notice when it is due (a later publication enqueued a later task)."""
    now = timezone.now()
    with transaction.atomic():
        lock_session(session_key)  # lock order: the session first (see services/base.py)
        notice = SessionNotice.objects.select_for_update().filter(session_key=session_key).first()
        if notice is None or notice.due_at is None or notice.due_at > now:
            return 0
        info = resolve_keys([notice.session_key]).get(notice.session_key)
        new = snapshot(info.page, info.day) if info and info.page.live else notice.notified
        old, changes = notice.notified, differences(notice.notified, new)
        tell = bool(changes) and not notice.silent
        notice.notified, notice.due_at, notice.silent = new, None, False
        if tell:
            notice.sequence += 1
        notice.save()
        if not tell:
            return 0
        registrations = live_registrations(notice.session_key).select_related("attendee")
        rows = queue_many(
            [
                OutgoingEmail(
                    kind=OutgoingEmail.Kind.CHANGE,
                    registration=registration,
                    to=registration.attendee.email,
                    language=registration.language,
                    data={
                        "changes": differences_in(registration.language, old, new),
                        "sequence": notice.sequence,
                    },
                )
                for registration in registrations
                if registration.status in Registration.LIVE_STATUSES
            ]
        )
    return len(rows)
