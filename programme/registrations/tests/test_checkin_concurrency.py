"""Two doors at once, on PostgreSQL with real threads (see test_concurrency.py): a
person checked in from two phones at the same instant is checked in once, and walk-ins
added at once never go beyond the places left."""

import pytest
from django.db import connection
from django.utils import timezone

from programme.registrations import services
from programme.registrations.models import Registration
from programme.registrations.sessions import resolve_session

from .test_concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency tests need PostgreSQL (row locks, real parallel connections); "
        "set DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_one_person_checked_in_from_two_doors_at_once_is_checked_in_once(make_workshop, register):
    session = make_workshop(capacity=10)
    ada = register(session, "ada@example.org")

    results = run_together(
        [lambda: services.record_check_in(ada, present=True, now=timezone.now()) for _ in range(8)]
    )

    assert not [r for r in results if isinstance(r, Exception)]
    assert [r.changed for r in results].count(True) == 1
    ada.refresh_from_db()
    first = next(r for r in results if r.changed).registration.checked_in_at
    assert ada.checked_in_at == first
    assert {r.registration.checked_in_at for r in results} == {first}


def test_many_people_at_two_doors_are_all_checked_in(make_workshop, register):
    session = make_workshop(capacity=40)
    people = [register(session, f"p{i}@example.org") for i in range(30)]

    run_together(
        [lambda r=r: services.record_check_in(r, present=True, now=timezone.now()) for r in people]
        + [lambda r=r: services.record_check_in(r, present=True, now=timezone.now()) for r in people[::2]]
    )

    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 30


def test_walk_ins_added_at_once_take_only_the_places_left(make_workshop, register):
    session = make_workshop(capacity=5)
    for i in range(3):
        register(session, f"p{i}@example.org")
    info = resolve_session(session)

    results = run_together(
        [
            lambda i=i: services.add_walk_in(info, first_name="W", last_name=f"{i}", now=timezone.now())
            for i in range(8)
        ]
    )

    assert [getattr(r, "code", "added") for r in results].count("added") == 2
    assert {getattr(r, "code", "added") for r in results} == {"added", "walk_in_full"}
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 5
    assert Registration.objects.filter(walk_in=True, checked_in_at__isnull=False).count() == 2
