"""What the benchmarks read in-process, under the server's settings (run through
``manage.py bench_probe <name>``, which prints the result as JSON).

- ``pages``: the URLs the page benchmark measures, and for each the SQL queries of one
  render (after a first render has warmed the process, as under load), its status, the
  size of its HTML and the CPU time of one render;
- ``sessions``: the French sessions open for registration, with answers to their
  questions (registration benchmark, PostgreSQL restart drill);
- ``planner``: the days with a day planner, each with one plan as its form's fields;
- ``truth``: per session, confirmed and waiting registrations, and duplicates;
- ``fault_registrations``: how many times each ``fault-…`` address is registered.
"""

import time

from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import EditionPage, HomePage
from programme.models import ProgrammeDayPage, RoutePage, WorkshopPage
from programme.registrations.models import Registration
from programme.registrations.planner import build_plan
from programme.registrations.questions import questions_of
from programme.registrations.services.counting import session_availability
from programme.registrations.sessions import resolve_keys

RENDERS = 20


def _first(model):
    page = model.objects.live().filter(locale__language_code="fr").order_by("path").first()
    return page.url if page else None


def _busiest(model, relation):
    pages = model.objects.live().filter(locale__language_code="fr")
    page = pages.annotate(n=Count(relation)).order_by("-n", "path").first()
    return page.url if page else None


def _busiest_day():
    days = ProgrammeDayPage.objects.live().filter(locale__language_code="fr")
    day = max(days, key=lambda d: (d.get_children().count(), -d.depth), default=None)
    return day.url if day else None


def bench_urls():
    """The pages the benchmark measures: the demo's busiest day, workshop and route."""
    return {
        "baseline": "/bench/baseline/",
        "home": _first(HomePage),
        "edition": _first(EditionPage),
        "day": _busiest_day(),
        "workshop": _busiest(WorkshopPage, "speakers"),
        "route": _busiest(RoutePage, "stops"),
    }


def measure(client, url):
    """Queries (after a warming render), status, bytes and CPU ms of one render."""
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read them now: every request clears the connection's query log (reset_queries).
    sql = [query["sql"] for query in queries.captured_queries]
    started = time.process_time()
    for _ in range(RENDERS):
        client.get(url)
    return {
        "cpu_ms": (time.process_time() - started) * 1000 / RENDERS,
        "url": url,
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": len(sql),
        "cold_queries": len(cold),
        "sql": sql,
    }


def pages():
    client = Client(HTTP_HOST="127.0.0.1")
    return {name: measure(client, url) if url else {"url": None} for name, url in bench_urls().items()}


def _answers(page):
    answers = {}
    for question in questions_of(page):
        if question.kind == "choice":
            answers[f"q_{question.id}"] = question.options[0][0]
        elif question.kind == "yes_no":
            answers[f"q_{question.id}"] = "no"
        else:
            answers[f"q_{question.id}"] = "bench"
    return answers


def sessions():
    now = timezone.now()
    found = []
    for model in (WorkshopPage, RoutePage):
        for page in model.objects.live().filter(locale__language_code="fr", registration_required=True):
            if not session_availability(page, now).accepts_registrations:
                continue
            found.append(
                {
                    "id": page.pk,
                    "url": page.url,
                    "title": page.title,
                    "capacity": page.capacity,
                    "answers": _answers(page),
                }
            )
    return sorted(found, key=lambda session: session["id"])


def planner():
    """The French days with a planner, each with one plan (a session per slot, none that
    clash), as the planner's form fields (the planner benchmark)."""
    now = timezone.now()
    days = []
    for day in ProgrammeDayPage.objects.live().filter(locale__language_code="fr").order_by("date"):
        plan = build_plan(day, now)
        fields, chosen = {}, []
        for slot in plan.slots:
            session = next(
                (s for s in slot.sessions if s.choosable and not any(c in s.clashes for c in chosen)), None
            )
            if session is None:
                continue
            chosen.append(session)
            fields[slot.field_name] = session.value
            for key, value in _answers(session.page).items():
                fields[f"s{session.value}_{key[2:]}" if key.startswith("q_") else key] = value
        if chosen:
            days.append({"id": day.pk, "title": day.title, "sessions": len(chosen), "fields": fields})
    return days


def truth():
    rows = Registration.objects.values("session_key").annotate(
        confirmed=Count("pk", filter=Q(status="confirmed")),
        waiting=Count("pk", filter=Q(status="waiting")),
    )
    infos = resolve_keys([row["session_key"] for row in rows])
    found = [
        {
            "title": infos[row["session_key"]].page.title,
            "capacity": infos[row["session_key"]].page.capacity,
            "confirmed": row["confirmed"],
            "waiting": row["waiting"],
        }
        for row in rows
    ]
    live = Q(status__in=["confirmed", "waiting"])
    duplicates = (
        Registration.objects.filter(live)
        .values("session_key", "attendee__email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "sessions": sorted(found, key=lambda session: session["title"]),
        "duplicates": duplicates,
        "total": Registration.objects.count(),
    }


def fault_registrations():
    rows = (
        Registration.objects.filter(attendee__email__startswith="fault-")
        .values("attendee__email")
        .annotate(n=Count("pk"))
    )
    return {row["attendee__email"]: row["n"] for row in rows}


PROBES = {
    "pages": pages,
    "sessions": sessions,
    "truth": truth,
    "planner": planner,
    "fault_registrations": fault_registrations,
}
