"""What the editors' dashboard shows, as plain functions (the panels in wagtail_hooks.py
only render them).

- ``dashboard_edition()``: the edition being prepared or running, else the newest one.
- ``edition_programme(edition)``: its days and sessions, drafts included, each with its
  registration counts, fill rate and waiting list.
- ``translation_backlog()``: published pages of the source language whose translation is
  missing, unpublished, incomplete or older than the source (portal/translation_backlog.py).

Registrations are read from the registration app when it is installed; without it the
programme still shows, without counts.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from wagtail.models import Locale, Page

from home.models import EditionPage
from portal.translation_backlog import (
    CHANGED,
    INCOMPLETE,
    MISSING,
    OUTDATED,
    TRANSLATION_STATES,
    UNPUBLISHED,
    TranslationItem,
    translation_backlog,
)
from programme.models import ProgrammeDayPage, RoutePage, WorkshopPage
from programme.registrations.admin_views import URL_NAMESPACE
from programme.registrations.services.counting import session_counts

# --- Edition and programme ---------------------------------------------------------------


def dashboard_edition(today=None):
    """The first edition (of the source language, published or not) that is not over yet;
    when all are over, the newest one. None before the first edition exists."""
    return EditionPage.objects.filter(locale=Locale.get_default()).current(today)


@dataclass
class RegistrationCounts:
    confirmed: int = 0
    waiting: int = 0


def registration_counts(session_keys):
    """{translation_key: RegistrationCounts} of these sessions (both languages share one
    key), from the registration app's service."""
    if not session_keys:
        return {}
    return {key: RegistrationCounts(*pair) for key, pair in session_counts(session_keys).items()}


def registrations_admin_url(view, *args):
    """A URL of the registration app's admin."""
    return reverse(f"{URL_NAMESPACE}:{view}", args=args)


@dataclass
class SessionRow:
    """One session or route of the programme as the dashboard lists it."""

    page: Page
    counts: RegistrationCounts | None

    @property
    def registration_required(self):
        return self.page.registration_required

    @property
    def capacity(self):
        return self.page.capacity

    @property
    def fill_rate(self):
        """Percentage of the places taken, or None without a capacity or counts."""
        if not self.registration_required or not self.capacity or self.counts is None:
            return None
        return round(100 * self.counts.confirmed / self.capacity)

    @property
    def is_full(self):
        return self.fill_rate is not None and self.counts.confirmed >= self.capacity

    @property
    def waiting(self):
        return self.counts.waiting if self.counts is not None else None

    @property
    def registrations_url(self):
        """The session's list of registrations (for those allowed to see names)."""
        return registrations_admin_url("session", self.page.translation_key)


@dataclass
class DayRow:
    day: ProgrammeDayPage
    sessions: list = field(default_factory=list)


def edition_programme(edition):
    """The edition's days by date, each with its sessions in tree order (the order set by
    drag and drop in the explorer), drafts included. A fixed number of queries."""
    days = list(ProgrammeDayPage.objects.child_of(edition).order_by("date", "path"))
    sessions = sorted(
        [
            *WorkshopPage.objects.of_edition(edition).defer_streamfields(),
            *RoutePage.objects.of_edition(edition).defer_streamfields(),
        ],
        key=lambda page: page.path,
    )
    counts = registration_counts([page.translation_key for page in sessions if page.registration_required])
    rows = {day.pk: DayRow(day=day) for day in days}
    for page in sessions:
        # Its day among the days already fetched (treebeard compares paths: no query).
        day = next((day for day in days if page.is_child_of(day)), None)
        if day is None:
            continue
        page_counts = None
        if page.registration_required:
            page_counts = counts.get(page.translation_key, RegistrationCounts())
        rows[day.pk].sessions.append(SessionRow(page=page, counts=page_counts))
    return list(rows.values())


# --- Translations ------------------------------------------------------------------------
# "Traductions à faire" has its own module (the rules are in its docstring).

__all__ = [
    "CHANGED",
    "INCOMPLETE",
    "MISSING",
    "OUTDATED",
    "TRANSLATION_STATES",
    "UNPUBLISHED",
    "TranslationItem",
    "dashboard_edition",
    "edition_programme",
    "translation_backlog",
]
