"""The day planner under real concurrency on PostgreSQL: several sessions locked in one
transaction, in one fixed order, never deadlock and never overbook (the threads and the
barrier of test_concurrency.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from programme.registrations import services
from programme.registrations.models import Registration
from programme.registrations.services.planner import Choice, register_many

from .test_concurrency import run_together

Status = Registration.Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency tests need PostgreSQL (row locks, real parallel connections); "
        "set DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]


def planning(pages, email):
    def plan():
        return register_many(
            [Choice(page) for page in pages], email=email, first_name="P", last_name=email, now=timezone.now()
        )

    return plan


def test_two_visitors_choosing_two_sessions_in_opposite_orders_neither_deadlock_nor_overbook(make_workshop):
    morning = make_workshop(title="Matin", slug="matin", capacity=1, start_time=dt.time(9))
    evening = make_workshop(title="Soir", slug="soir", capacity=1, start_time=dt.time(19))

    for _round in range(5):
        Registration.objects.all().delete()
        results = run_together(
            [planning([morning, evening], "a@example.org"), planning([evening, morning], "b@example.org")]
        )

        assert not [r for r in results if isinstance(r, Exception)]
        for page in (morning, evening):
            statuses = Registration.objects.filter(session_key=page.translation_key).values_list(
                "status", flat=True
            )
            assert sorted(statuses) == [Status.CONFIRMED, Status.WAITING]


def test_planner_and_single_form_together_never_overbook(make_workshop):
    first = make_workshop(
        title="Un", slug="un", capacity=5, start_time=dt.time(9), waiting_list_enabled=False
    )
    second = make_workshop(
        title="Deux", slug="deux", capacity=5, start_time=dt.time(14), waiting_list_enabled=False
    )

    def single(page, email):
        return lambda: services.register(
            page, email=email, first_name="S", last_name=email, now=timezone.now()
        )

    functions = []
    for i in range(8):
        pages = [first, second] if i % 2 else [second, first]
        functions.append(planning(pages, f"plan{i}@example.org"))
        functions.append(single(first if i % 2 else second, f"single{i}@example.org"))

    results = run_together(functions)

    unexpected = [r for r in results if isinstance(r, Exception) and getattr(r, "code", "") != "full"]
    assert unexpected == []
    for page in (first, second):
        confirmed = Registration.objects.filter(
            session_key=page.translation_key, status=Status.CONFIRMED
        ).count()
        assert confirmed == 5
