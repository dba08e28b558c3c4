"""Options with a number of places: an extra question's choice (a menu of 60 portions) or
the "yes" of a yes/no question (8 bikes to lend).

Limits are read from the session's French page (``SessionInfo.page``: translators cannot
change them). What is taken is counted from the answers of the session's *confirmed*
registrations: a person waiting holds no bike, and a cancellation frees what it held
without any bookkeeping. Registering and promoting check it under the session's lock
(``base.lock_session``), so it holds under concurrency like the capacity.
"""

from ..models import Registration
from ..questions import YES, questions_of
from .errors import RegistrationError

Status = Registration.Status


def limited_questions(session):
    """The questions of a session (a SessionInfo) that have limited options."""
    return [question for question in questions_of(session.page) if question.limits]


def usage(keys_and_questions):
    """{session key: {(question id, option key): places taken}} for these sessions
    ({key: [limited questions]}), in one query."""
    wanted = {key: questions for key, questions in keys_and_questions.items() if questions}
    taken = {key: {} for key in keys_and_questions}
    if not wanted:
        return taken
    rows = Registration.objects.filter(session_key__in=list(wanted), status=Status.CONFIRMED).values_list(
        "session_key", "answers"
    )
    for key, answers in rows:
        for question in wanted[key]:
            option = question.limit_key((answers or {}).get(question.id))
            if option in question.limits:
                counts = taken[key]
                counts[(question.id, option)] = counts.get((question.id, option), 0) + 1
    return taken


def places_left(session, taken=None):
    """{(question id, option key): places left} of a session's limited options."""
    questions = limited_questions(session)
    if taken is None:
        taken = usage({session.key: questions})[session.key]
    return {
        (question.id, option): max(0, limit - taken.get((question.id, option), 0))
        for question in questions
        for option, limit in question.limits.items()
    }


def exhausted_answers(session, answers):
    """The question ids of ``answers`` that take an option with no place left."""
    left = places_left(session)
    full = []
    for question in limited_questions(session):
        option = question.limit_key((answers or {}).get(question.id))
        if option is not None and left.get((question.id, option), 1) <= 0:
            full.append(question)
    return full


def check_options(session, answers):
    """Refuse answers that take an exhausted option (the session is locked)."""
    if exhausted_answers(session, answers):
        raise RegistrationError("option_full")


def fit_answers(session, answers):
    """For a person promoted from the waiting list (the session is locked): ``answers``
    with every exhausted option replaced by its alternative, the first option of the
    question with places left ("no" for a yes/no), or dropped when there is none (the
    person is then asked: the e-mail says so). Returns (answers, changed question labels)."""
    answers = dict(answers or {})
    changed = []
    left = places_left(session)
    for question in exhausted_answers(session, answers):
        changed.append(question.label)
        if question.kind == "yes_no":
            answers[question.id] = False
            continue
        alternative = next(
            (
                option
                for option, _text in question.options
                if option not in question.limits or left.get((question.id, option), 0) > 0
            ),
            None,
        )
        if alternative is None:
            answers.pop(question.id, None)
        else:
            answers[question.id] = alternative
    return answers, changed


def option_counts(session):
    """[(question label, option text, taken, limit)] of a session's limited options, for
    the organisers (session view, exports)."""
    questions = limited_questions(session)
    taken = usage({session.key: questions})[session.key]
    rows = []
    for question in questions:
        texts = {"yes": str(YES), **dict(question.options)}
        for option, limit in question.limits.items():
            rows.append(
                (question.label, texts.get(option, option), taken.get((question.id, option), 0), limit)
            )
    return rows
