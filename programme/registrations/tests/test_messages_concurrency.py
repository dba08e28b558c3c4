"""A double click on "Envoyer", for real: two threads post the same message (one
idempotency key) at the same instant; one message is recorded, one fan-out queued.
PostgreSQL only, like test_concurrency.py."""

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from programme.registrations.messaging.recipients import parse_target
from programme.registrations.messaging.sending import send_message
from programme.registrations.models import Message

from .test_concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (parallel connections)"),
    pytest.mark.django_db(transaction=True),
]


def test_the_same_message_posted_twice_at_once_is_recorded_once(make_route, register, manager):
    route = make_route(title="Parcours 2", slug="parcours-2")
    register(route, "ada@example.org")
    selection = parse_target(f"session:{route.translation_key}", ["confirmed"])

    def sending():
        return send_message(
            author=manager,
            selection=selection,
            subject_fr="Bus",
            body_fr="Parking.",
            idempotency_key="double-click",
        )

    results = run_together([sending] * 4)

    assert all(isinstance(result, tuple) for result in results), results
    assert sorted(created for _message, created in results) == [False, False, False, True]
    assert len({message.pk for message, _created in results}) == 1
    assert Message.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="sending.fan_out").count() == 1
