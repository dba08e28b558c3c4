"""Never overbook, under real concurrency: threads with their own database connections
hit the services at the same instant (a barrier releases them together).

PostgreSQL only: SQLite serialises every writer on one database lock, so it cannot show
the race these tests exist to catch. There they are reported as skipped, not passed.
Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectl_reg.
"""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.utils import timezone

from programme.registrations import services
from programme.registrations.models import Attendee, Registration

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


def run_together(functions):
    """Run every function in its own thread, all released at once; return their results
    (or the exception each raised), in order."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait(timeout=60)
            results[index] = function()
        except Exception as error:  # collected, asserted by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


@pytest.fixture
def route(make_route):
    """A route with 30 places and a waiting list, as in the seed."""
    return make_route(title="Parcours vélo", slug="parcours-velo", capacity=30)


def registering(page, email):
    def register():
        return services.register(page, email=email, first_name="P", last_name=email, now=timezone.now())

    return register


def test_sixty_four_people_at_once_fill_thirty_places_and_queue_the_rest(route):
    emails = [f"person{i}@example.org" for i in range(64)]

    results = run_together([registering(route, email) for email in emails])

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    registrations = list(Registration.objects.filter(session_key=route.translation_key).order_by("sequence"))
    assert len(registrations) == 64
    confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Status.WAITING]
    assert len(confirmed) == 30 and len(waiting) == 34
    # Arrival order is the order in which the lock was obtained: gapless sequence numbers,
    # the first thirty confirmed, then the waiting list in that order, positions 1..34.
    assert [r.sequence for r in registrations] == list(range(1, 65))
    assert {r.sequence for r in confirmed} == set(range(1, 31))
    positions = services.waiting_positions(registrations)
    assert [positions[r.pk] for r in waiting] == list(range(1, 35))
    assert len({r.attendee_id for r in registrations}) == 64
    assert services.session_availability(route, timezone.now()).confirmed == 30


def test_the_same_people_again_at_once_are_all_already_registered(route):
    emails = [f"person{i}@example.org" for i in range(40)]
    run_together([registering(route, email) for email in emails])

    results = run_together([registering(route, email.upper()) for email in emails])

    assert {getattr(r, "code", r) for r in results} == {"already_registered"}
    assert Registration.objects.count() == 40
    assert Attendee.objects.count() == 40


def test_one_person_submitting_twenty_times_at_once_registers_once(route):
    results = run_together([registering(route, "ada@example.org") for _ in range(20)])

    outcomes = [getattr(r, "code", "registered") for r in results]
    assert outcomes.count("registered") == 1
    assert outcomes.count("already_registered") == 19
    assert Registration.objects.count() == 1


def test_one_person_at_once_in_two_sessions_of_the_same_slot_gets_one(make_workshop):
    one, two = make_workshop(slot=4, capacity=10), make_workshop(slot=4, capacity=10)

    results = run_together([registering(page, "ada@example.org") for page in [one, two] * 5])

    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 1
    assert sorted({getattr(r, "code", "registered") for r in results}) == [
        "already_registered",
        "clash",
        "registered",
    ]


def test_ten_cancellations_at_once_promote_exactly_ten(route):
    for i in range(50):
        registering(route, f"person{i}@example.org")()
    confirmed = list(Registration.objects.filter(status=Status.CONFIRMED).order_by("sequence"))
    first_waiting = list(Registration.objects.filter(status=Status.WAITING).order_by("sequence")[:10])
    leaving = confirmed[:10]

    results = run_together([lambda r=r: services.cancel(r, now=timezone.now()) for r in leaving])

    assert not [r for r in results if isinstance(r, Exception)]
    promoted = [registration.pk for result in results for registration in result]
    assert len(promoted) == 10 and len(set(promoted)) == 10
    assert set(promoted) == {r.pk for r in first_waiting}
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 30
    assert Registration.objects.filter(status=Status.WAITING).count() == 10
    assert Registration.objects.filter(status=Status.CANCELLED).count() == 10


def test_cancellations_and_registrations_mixed_never_overbook(route):
    for i in range(30):
        registering(route, f"early{i}@example.org")()
    early = list(Registration.objects.order_by("sequence")[:15])
    work = [lambda r=r: services.cancel(r, now=timezone.now()) for r in early]
    work += [registering(route, f"late{uuid.uuid4().hex[:8]}@example.org") for _ in range(45)]

    results = run_together(work)

    assert not [r for r in results if isinstance(r, Exception)]
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 30
    assert Registration.objects.filter(status=Status.WAITING).count() == 30
