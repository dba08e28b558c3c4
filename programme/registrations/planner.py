"""The day planner as the visitor sees it: a day's programme, slot by slot, with what can
be chosen in each slot, its places left, the sessions each one clashes with, and their
extra questions. Built once per request (the form page is never cached); the rules that
decide are in ``services/planner.py`` and run again under the locks.

- A slot is the programme's (``ProgrammeDayPage.get_slots``: sessions sharing a slot
  number, or one session on its own). Only slots with at least one session taking
  registrations are offered; sessions of such a slot without registration are listed as
  "sans inscription".
- Settings and counts are those of each session's French (source) page, the titles and
  questions those of the page in the visitor's language.
- A session under a view restriction the visitor has not passed is left out.
- ``clashes``: the other sessions of the day (other slots) that run at the same time
  (``Timing.clashes_with``, the one rule), for the greying out; the server refuses them
  anyway.
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from wagtail.models import Page

from programme.models import RoutePage, WorkshopPage

from .live import live_counts
from .questions import questions_of
from .services.availability import Availability, compute_availability, requires_registration
from .services.options import limited_questions, places_left, usage
from .sessions import resolve_keys


@dataclass
class PlanSession:
    page: object  # in the visitor's language
    info: object  # SessionInfo: the French page's settings
    availability: Availability
    questions: list
    slot: "PlanSlot" = None
    clashes: list = field(default_factory=list)  # other PlanSessions at the same time
    options_left: dict = field(default_factory=dict)  # {(question id, option key): places left}

    @property
    def value(self):
        return str(self.page.pk)

    @property
    def choosable(self):
        return self.availability.accepts_registrations

    @property
    def clash_ids(self):
        return " ".join(other.value for other in self.clashes)

    @property
    def accessibility(self):
        venue = getattr(self.page, "venue", None)
        return venue.accessibility_note if venue else ""


@dataclass
class PlanSlot:
    index: int
    number: int | None
    start_time: object
    end_time: object
    sessions: list  # PlanSession, taking registrations
    others: list  # pages of the slot that take none

    @property
    def field_name(self):
        return f"slot_{self.index}"

    @property
    def is_parallel(self):
        return len(self.sessions) + len(self.others) > 1


@dataclass
class DayPlan:
    day: object
    slots: list

    @property
    def sessions(self):
        return [session for slot in self.slots for session in slot.sessions]

    def by_value(self):
        return {session.value: session for session in self.sessions}


def build_plan(day, now, *, visible=lambda page: True):
    """The DayPlan of ``day`` (a ProgrammeDayPage in the visitor's language) at ``now``;
    ``visible(page)`` says whether the visitor may see a session (view restrictions)."""
    slots = day.get_slots()
    pages = [page for slot in slots for page in slot.sessions if visible(page)]
    infos = resolve_keys({page.translation_key for page in pages})
    counts = live_counts([key for key in infos if requires_registration(infos[key].page)])
    plan_slots = []
    for slot in slots:
        chosen, others = [], []
        for page in slot.sessions:
            info = infos.get(page.translation_key)
            if info is None or not visible(page):
                continue
            if not requires_registration(info.page):
                others.append(page)
                continue
            availability = compute_availability(info, now, *counts[info.key])
            chosen.append(
                PlanSession(page=page, info=info, availability=availability, questions=questions_of(page))
            )
        if chosen:
            plan_slot = PlanSlot(
                len(plan_slots) + 1, slot.number, slot.start_time, slot.end_time, chosen, others
            )
            for session in chosen:
                session.slot = plan_slot
            plan_slots.append(plan_slot)
    plan = DayPlan(day=day, slots=plan_slots)
    _link_clashes(plan.sessions)
    _count_options(plan.sessions)
    return plan


def _count_options(sessions):
    """Each session's places left in its limited options, in one query for the day."""
    limited = {session.info.key: limited_questions(session.info) for session in sessions}
    taken = usage(limited)
    for session in sessions:
        if limited[session.info.key]:
            session.options_left = places_left(session.info, taken[session.info.key])


def _link_clashes(sessions):
    for session in sessions:
        session.clashes = [
            other
            for other in sessions
            if other.slot is not session.slot and other.info.timing.clashes_with(session.info.timing)
        ]


def has_planner(day, sessions=None):
    """Whether ``day`` has a live session taking registrations (the link to the planner
    is shown then). From its live ``sessions`` when the caller has them (the day page),
    else as ``days_with_planner``."""
    if sessions is not None:
        return any(session.registration_required and (session.capacity or 0) > 0 for session in sessions)
    return day.pk in days_with_planner([day])


def days_with_planner(days):
    """The ids of those of ``days`` that have a planner (``has_planner``): one query
    whatever the number of days (the edition page lists them all)."""
    days = [day for day in days if day.pk]
    if not days:
        return set()
    day_by_path = {day.path: day.pk for day in days}
    paths = []
    for model in (WorkshopPage, RoutePage):
        sessions = model.objects.live().filter(registration_required=True, capacity__gt=0)
        children = reduce(operator.or_, (sessions.child_of_q(day) for day in days))
        paths.append(sessions.filter(children).order_by().values_list("path", flat=True))
    return {day_by_path[path[: -Page.steplen]] for path in paths[0].union(paths[1])}
