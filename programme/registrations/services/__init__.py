"""Registration business rules: every change to registrations goes through here, one
module per operation.

- ``registration``: register, cancel (and the registration window, clashes);
- ``waiting_list``: promote, promote_waiting_list, waiting_positions;
- ``check_in``: record_check_in, check_in_by_code, add_walk_in, set_checked_in;
- ``personal_data``: anonymise, delete_personal_data, purge_expired;
- ``reminders``: queue_reminders;
- ``availability``: the pure Availability of a session from its counts and the time;
  ``counting``: session_counts and session_availability, which reads the counts;
- ``base``: the session lock, clash check and change announcement they share (its
  docstring explains the lock order); ``errors``: RegistrationError, every message once.

Shape (after pretix's services): plain functions; ``now`` is passed in; each operation
validates, then in one transaction locks, re-checks and writes; e-mails and the
``registration_changed`` signal go out after commit.

Identity. A session is its pages' ``translation_key``: the French and English pages of a
workshop share one key, hence one capacity and one list. Its settings (capacity, dates,
waiting list) are read from the French (default-locale) version, whatever page the visitor
is on; ``resolve_session`` does that.

The names below are the package's interface for code that wants several operations
(management commands, tests, the SEO module which only uses it when installed).
"""

from .availability import Availability, compute_availability
from .base import normalise_email, resolve_session
from .check_in import add_walk_in, check_in_by_code, record_check_in, set_checked_in
from .counting import session_availability, session_counts
from .errors import RegistrationError
from .personal_data import anonymise, delete_personal_data, purge_expired
from .registration import RegistrationResult, cancel, register
from .reminders import queue_reminders
from .waiting_list import promote, promote_waiting_list, waiting_positions

__all__ = [
    "Availability",
    "add_walk_in",
    "check_in_by_code",
    "RegistrationError",
    "RegistrationResult",
    "anonymise",
    "cancel",
    "compute_availability",
    "delete_personal_data",
    "normalise_email",
    "promote",
    "promote_waiting_list",
    "purge_expired",
    "queue_reminders",
    "record_check_in",
    "register",
    "resolve_session",
    "session_availability",
    "session_counts",
    "set_checked_in",
    "waiting_positions",
]
