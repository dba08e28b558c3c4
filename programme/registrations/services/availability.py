"""What a session's registration state is, from its settings, its counts and the time:
pure (no query). ``counting.session_availability`` reads the counts and calls it."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from home import datetimes


def format_datetime(value):
    return datetimes.date_and_time(value)


@dataclass(frozen=True)
class Availability:
    """What the session page shows."""

    NOT_REQUIRED = "not_required"
    NOT_OPEN = "not_open"
    OPEN = "open"
    WAITING_LIST = "waiting_list"
    FULL = "full"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    state: str
    capacity: int
    confirmed: int
    waiting: int
    opens_at: datetime | None
    closes_at: datetime | None
    offered: int = 0  # places offered from the waiting list: held, not free

    @property
    def places_left(self):
        return free_places(self.capacity, self.confirmed, self.offered)

    @property
    def accepts_registrations(self):
        return self.state in (self.OPEN, self.WAITING_LIST)

    @property
    def label(self):
        """The state in words, in the active language."""
        if self.state == self.OPEN:
            return ngettext("%(count)s place restante", "%(count)s places restantes", self.places_left) % {
                "count": self.places_left
            }
        if self.state == self.WAITING_LIST:
            return str(_("Complet – liste d'attente ouverte"))
        if self.state == self.FULL:
            return str(_("Complet"))
        if self.state == self.NOT_OPEN:
            return str(_("Inscriptions à partir du %(date)s")) % {"date": format_datetime(self.opens_at)}
        if self.state == self.CLOSED:
            return str(_("Inscriptions closes"))
        if self.state == self.CANCELLED:
            return str(_("Séance annulée par les organisateurs"))
        return ""


def free_places(capacity, confirmed, offered=0):
    """The places left: the one rule, for the pages and the services under the lock
    (``counting.HELD`` counts the same two): an offer running holds its place."""
    return max(0, (capacity or 0) - confirmed - offered)


def requires_registration(page):
    """Whether the session page's settings take registrations (state not NOT_REQUIRED)."""
    return bool(page.registration_required) and (page.capacity or 0) > 0


def compute_availability(session, now, confirmed, waiting, offered=0, cancelled=False):
    """The Availability of ``session`` (a SessionInfo) at ``now`` with these counts
    (``counting.LiveCounts``); a session the organisers cancelled takes none."""
    page = session.page
    capacity = page.capacity or 0
    if not requires_registration(page):
        state = Availability.NOT_REQUIRED
    elif cancelled:
        state = Availability.CANCELLED
    elif session.closes_at is not None and now >= session.closes_at:
        state = Availability.CLOSED
    elif session.opens_at is not None and now < session.opens_at:
        state = Availability.NOT_OPEN
    elif free_places(capacity, confirmed, offered) > 0:
        state = Availability.OPEN
    elif page.waiting_list_enabled:
        state = Availability.WAITING_LIST
    else:
        state = Availability.FULL
    return Availability(
        state=state,
        capacity=capacity,
        confirmed=confirmed,
        waiting=waiting,
        opens_at=session.opens_at,
        closes_at=session.closes_at,
        offered=offered,
    )
