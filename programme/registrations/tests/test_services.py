"""The registration rules, through the service functions."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from programme.registrations import services
from programme.registrations.models import Attendee, OutgoingEmail, Registration, SessionQuota
from programme.registrations.services import Availability, RegistrationError
from programme.registrations.services.availability import compute_availability

pytestmark = pytest.mark.django_db

Status = Registration.Status


def aware(day, hour=0, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# --- Places and waiting list ---------------------------------------------------------


def test_people_get_places_then_join_the_waiting_list_in_order(workshop, register):
    first, second = register(workshop), register(workshop)
    third, fourth = register(workshop), register(workshop)

    assert [r.status for r in (first, second)] == [Status.CONFIRMED, Status.CONFIRMED]
    assert [r.status for r in (third, fourth)] == [Status.WAITING, Status.WAITING]
    assert [r.waiting_position() for r in (third, fourth)] == [1, 2]
    assert [r.sequence for r in (first, second, third, fourth)] == [1, 2, 3, 4]


def test_a_full_session_without_waiting_list_refuses(make_workshop, register):
    session = make_workshop(capacity=1, waiting_list_enabled=False)
    register(session)

    with pytest.raises(RegistrationError) as refused:
        register(session)

    assert refused.value.code == "full"
    assert Registration.objects.count() == 1
    assert str(refused.value) == "Cette séance est complète."


def test_a_refusal_writes_nothing(make_workshop, register):
    session = make_workshop(capacity=1, waiting_list_enabled=False)
    register(session, "ada@example.org")

    with pytest.raises(RegistrationError):
        register(session, "grace@example.org")

    assert not Attendee.objects.filter(email="grace@example.org").exists()
    assert SessionQuota.objects.get().last_sequence == 1
    assert OutgoingEmail.objects.count() == 1


def test_availability_follows_registrations(workshop, register, now):
    assert services.session_availability(workshop, now).label == "2 places restantes"
    register(workshop)
    assert services.session_availability(workshop, now).label == "1 place restante"
    register(workshop)
    state = services.session_availability(workshop, now)
    assert state.state == Availability.WAITING_LIST
    assert state.label == "Complet – liste d'attente ouverte"


def test_a_session_without_registration_is_not_registrable(make_workshop, register):
    session = make_workshop(registration_required=False)

    with pytest.raises(RegistrationError) as refused:
        register(session)

    assert refused.value.code == "not_registrable"


# --- One list for both languages -------------------------------------------------


def test_french_and_english_pages_share_one_capacity_and_one_list(workshop, translate, register):
    english = translate(workshop)
    assert english.pk != workshop.pk and english.capacity == 2

    register(workshop, "ada@example.org")
    register(english, "grace@example.org", language="en")
    late = register(english, "alan@example.org", language="en")

    assert late.status == Status.WAITING
    assert set(Registration.objects.values_list("session_id", flat=True)) == {workshop.pk}
    with pytest.raises(RegistrationError) as refused:
        register(english, "ADA@example.org ")
    assert refused.value.code == "already_registered"


def test_settings_come_from_the_french_page(workshop, translate, register, now):
    english = translate(workshop)
    type(english).objects.filter(pk=english.pk).update(capacity=100)  # a stale or tampered copy

    register(english)
    register(english)

    assert register(english).status == Status.WAITING
    assert services.session_availability(english, now).capacity == 2


# --- Duplicates ------------------------------------------------------------------


def test_one_email_registers_once_per_session_whatever_its_case(workshop, register):
    register(workshop, "Ada@Example.org")

    with pytest.raises(RegistrationError) as refused:
        register(workshop, "  ada@example.ORG ")

    assert refused.value.code == "already_registered"
    assert Attendee.objects.get().email == "ada@example.org"


def test_the_same_form_posted_twice_returns_the_first_registration(workshop, now):
    kwargs = {
        "email": "ada@example.org",
        "first_name": "Ada",
        "last_name": "L",
        "now": now,
        "submission_key": "abc",
    }
    first = services.register(workshop, **kwargs)
    again = services.register(workshop, **kwargs)

    assert not first.replayed and again.replayed
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.count() == 1


def test_someone_who_cancelled_can_register_again(workshop, register, now):
    registration = register(workshop, "ada@example.org")
    services.cancel(registration, now=now)

    again = register(workshop, "ada@example.org")

    assert again.status == Status.CONFIRMED
    assert Registration.objects.filter(attendee=again.attendee).count() == 2


# --- Clashes ---------------------------------------------------------------------


def test_sessions_of_the_same_slot_are_exclusive(make_workshop, register):
    one = make_workshop(slot=1)
    two = make_workshop(slot=1)
    register(one, "ada@example.org")

    with pytest.raises(RegistrationError) as refused:
        register(two, "ada@example.org")

    assert refused.value.code == "clash"
    assert "annulez d'abord celle-là" in refused.value.message


def test_overlapping_times_clash_and_following_ones_do_not(make_workshop, register):
    morning = make_workshop(start_time=dt.time(10), end_time=dt.time(12))
    overlapping = make_workshop(start_time=dt.time(11, 30), end_time=dt.time(13))
    after = make_workshop(start_time=dt.time(12), end_time=dt.time(13))
    register(morning, "ada@example.org")

    with pytest.raises(RegistrationError):
        register(overlapping, "ada@example.org")
    assert register(after, "ada@example.org").status == Status.CONFIRMED


def test_the_same_slot_on_another_day_does_not_clash(make_workshop, day2, register):
    register(make_workshop(slot=1), "ada@example.org")

    assert register(make_workshop(parent=day2, slot=1), "ada@example.org").status == Status.CONFIRMED


def test_a_waiting_person_confirmed_elsewhere_meanwhile_is_skipped(make_workshop, register, now):
    full = make_workshop(slot=1, capacity=1)
    holder = register(full, "first@example.org")
    ada_waits = register(full, "ada@example.org")
    grace_waits = register(full, "grace@example.org")
    register(make_workshop(slot=1), "ada@example.org")  # Ada takes another workshop at that time

    promoted = services.cancel(holder, now=now)

    assert [r.pk for r in promoted] == [grace_waits.pk]
    ada_waits.refresh_from_db()
    assert ada_waits.status == Status.WAITING


# --- Registration window ------------------------------------------------------------


def test_registration_opens_when_the_editor_says(make_workshop, register, now):
    session = make_workshop(registration_opens_at=now + dt.timedelta(days=2))

    with pytest.raises(RegistrationError) as refused:
        register(session, now=now)

    assert refused.value.code == "not_open"
    assert services.session_availability(session, now).state == Availability.NOT_OPEN
    assert register(session, now=now + dt.timedelta(days=3)).status == Status.CONFIRMED


def test_registration_closes_by_default_at_the_start_of_the_session(make_workshop, day, register):
    session = make_workshop(start_time=dt.time(14))

    register(session, now=aware(day.date, 13, 59))
    with pytest.raises(RegistrationError) as refused:
        register(session, now=aware(day.date, 14))

    assert refused.value.code == "closed"


def test_without_a_time_registration_closes_when_the_day_starts(make_workshop, day, register):
    session = make_workshop()

    assert (
        services.session_availability(session, aware(day.date - dt.timedelta(days=1), 23, 59)).state == "open"
    )
    assert services.session_availability(session, aware(day.date)).state == Availability.CLOSED


def test_past_editions_are_closed_even_when_the_editor_left_it_open(make_workshop, edition, register):
    session = make_workshop(registration_closes_at=aware(edition.last_day + dt.timedelta(days=300)))
    after = aware(edition.last_day + dt.timedelta(days=1))

    with pytest.raises(RegistrationError) as refused:
        register(session, now=after)

    assert refused.value.code == "closed"
    assert services.session_availability(session, after).label == "Inscriptions closes"


# --- Cancelling and promoting ----------------------------------------------------


def test_a_cancelled_place_goes_to_the_first_person_waiting(workshop, register, now):
    confirmed = register(workshop)
    register(workshop)
    first_waiting, second_waiting = register(workshop), register(workshop)

    promoted = services.cancel(confirmed, now=now)

    assert [r.pk for r in promoted] == [first_waiting.pk]
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert second_waiting.waiting_position() == 1


def test_leaving_the_waiting_list_promotes_no_one(workshop, register, now):
    register(workshop), register(workshop)
    waiting, behind = register(workshop), register(workshop)

    assert services.cancel(waiting, now=now) == []
    behind.refresh_from_db()
    assert behind.status == Status.WAITING
    assert behind.waiting_position() == 1


def test_cancelling_twice_is_refused(workshop, register, now):
    registration = register(workshop)
    services.cancel(registration, now=now)

    with pytest.raises(RegistrationError) as refused:
        services.cancel(registration, now=now)

    assert refused.value.code == "not_live"


def test_an_organiser_promotes_a_chosen_person_only_into_a_free_place(make_workshop, register, now):
    session = make_workshop(capacity=1)
    holder = register(session)
    waiting = register(session)
    chosen = register(session)

    with pytest.raises(RegistrationError) as refused:
        services.promote(chosen, now=now)
    assert refused.value.code == "no_place"

    services.cancel(holder, now=now)  # promotes `waiting`
    session.capacity = 2
    session.save()
    services.promote(chosen, now=now)
    chosen.refresh_from_db()
    waiting.refresh_from_db()
    assert (waiting.status, chosen.status) == (Status.CONFIRMED, Status.CONFIRMED)


def test_publishing_more_places_promotes_the_people_waiting(
    workshop, register, django_capture_on_commit_callbacks
):
    register(workshop), register(workshop)
    waiting = register(workshop)

    workshop.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        workshop.save_revision().publish()

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_check_in_is_for_confirmed_people(workshop, register, now):
    register(workshop), register(workshop)
    confirmed = Registration.objects.filter(status=Status.CONFIRMED).first()
    waiting = register(workshop)

    services.set_checked_in(confirmed, present=True, now=now)
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at == now
    services.set_checked_in(confirmed, present=False, now=now)
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is None
    with pytest.raises(RegistrationError):
        services.set_checked_in(waiting, present=True, now=now)


def test_every_change_is_announced_after_commit(workshop, register, now, django_capture_on_commit_callbacks):
    from programme.registrations.signals import registration_changed

    received = []

    def receiver(sender, session_key, **kwargs):
        received.append(session_key)

    registration_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            registration = register(workshop)
        assert received == []
        for callback in callbacks:
            callback()
        assert received == [workshop.translation_key]
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(registration, now=now)
        assert received == [workshop.translation_key] * 2
    finally:
        registration_changed.disconnect(receiver)


# --- Personal data ----------------------------------------------------------------


def test_deleting_ones_data_frees_places_and_keeps_counts(workshop, make_workshop, register, now):
    other = make_workshop()
    mine = register(workshop, "ada@example.org", answers={"x": "y"})
    register(other, "ada@example.org")
    register(workshop)
    waiting = register(workshop)
    attendee = mine.attendee
    token = attendee.token

    services.delete_personal_data(attendee, now=now)

    attendee.refresh_from_db()
    waiting.refresh_from_db()
    assert attendee.anonymised_at == now
    assert (attendee.first_name, attendee.last_name, attendee.organisation) == ("", "", "")
    assert "ada" not in attendee.email and attendee.token != token
    assert not attendee.registrations.filter(status__in=Registration.LIVE_STATUSES).exists()
    assert attendee.registrations.count() == 2
    assert not attendee.registrations.exclude(answers={}).exists()
    assert waiting.status == Status.CONFIRMED
    assert not OutgoingEmail.objects.filter(to="ada@example.org").exists()


def test_purge_anonymises_attendees_of_editions_over_for_the_retention_period(
    workshop, edition, register, settings
):
    settings.REGISTRATION_RETENTION_DAYS = 90
    registration = register(workshop, "ada@example.org")
    last_day = edition.last_day

    assert services.purge_expired(now=aware(last_day + dt.timedelta(days=90), 12)) == 0
    assert services.purge_expired(now=aware(last_day + dt.timedelta(days=91), 12)) == 1

    registration.refresh_from_db()
    assert registration.attendee.anonymised_at is not None
    assert registration.status == Status.CONFIRMED  # counts kept
    assert services.purge_expired(now=aware(last_day + dt.timedelta(days=92), 12)) == 0


def test_consent_date_is_recorded(workshop, register, now):
    registration = register(workshop, now=now)

    assert registration.attendee.consent_at == now


def test_availability_is_computed_from_counts_and_time_alone(django_assert_num_queries):
    """services/availability.py is pure: the settings, the counts and now, no query."""
    now = timezone.now()
    page = SimpleNamespace(registration_required=True, capacity=2, waiting_list_enabled=True)
    session = SimpleNamespace(page=page, opens_at=None, closes_at=now + dt.timedelta(days=1))
    with django_assert_num_queries(0):
        assert compute_availability(session, now, 1, 0).state == Availability.OPEN
        assert compute_availability(session, now, 2, 0).state == Availability.WAITING_LIST
        assert compute_availability(session, now + dt.timedelta(days=2), 0, 0).state == Availability.CLOSED
