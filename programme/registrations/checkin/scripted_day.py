"""A scripted day on an edition, to try the check-in screen and the report with
figures one can check by hand (``manage.py simulate_day``, development only).

For every session that takes registrations, in programme order: ``capacity - 1``
people register (at most ``per_session``), the first cancels (the place is taken again
by nobody: it stays free), four in five of those left are checked in, and one walk-in
is added in the free place. Addresses are made up (``@exemple.invalid``) and unique per
session, so no clash rule gets in the way. The services do the work, as on the day.
"""

from django.utils import timezone

from .. import services
from ..sessions import edition_sessions

DOMAIN = "exemple.invalid"


def simulate_day(edition, *, per_session=20, now=None):
    """Run the script on ``edition``; returns {session title: (registered, checked in,
    walk-ins)} of what it did."""
    now = now or timezone.now()
    done = {}
    for _day, infos in edition_sessions(edition):
        for index, info in enumerate(infos):
            done[info.page.title] = _one_session(info, index, per_session, now)
    return done


def _one_session(info, index, per_session, now):
    count = max(min((info.page.capacity or 0) - 1, per_session), 0)
    registrations = []
    for number in range(count):
        registrations.append(
            services.register(
                info.page,
                email=f"s{index}-p{number}@{info.key.hex[:8]}.{DOMAIN}",
                first_name="Personne",
                last_name=f"{index}-{number:02}",
                now=now,
            ).registration
        )
    if registrations:
        services.cancel(registrations.pop(0), now=now, notify=False)
    checked = registrations[: len(registrations) * 4 // 5]
    for registration in checked:
        services.record_check_in(registration, present=True, now=now)
    walk_ins = 0
    if count:
        services.add_walk_in(info, first_name="Sur", last_name=f"place {index}", now=now)
        walk_ins = 1
    return count, len(checked), walk_ins
