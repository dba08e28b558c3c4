"""A Redis connection that stops waiting on a Redis that does not answer.

The cache is optional (``IGNORE_EXCEPTIONS``: without it the site answers uncached), but
a *hung* Redis (it accepts connections and never replies) costs every cache operation its
full socket timeout, and one page makes several: measured at 3 to 6 seconds a page with
0.5 s timeouts (tests/test_faults.py), enough to stall every worker. So once an operation
of this process has timed out or been refused, its connections fail at once, without
touching the network, for ``PAUSE`` seconds; then the next operation tries again, and
either succeeds (the pause is over) or pauses the cache once more. Each process learns on
its own; the worst a visitor sees is one slow request per process and pause.

Used through django-redis's ``CONNECTION_POOL_KWARGS`` (portal/settings/base.py).
"""

import threading
import time

import redis

PAUSE = 10.0  # seconds without trying Redis after it failed to answer


class _Pause:
    """Until when this process leaves Redis alone (monotonic clock)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._until = 0.0

    def start(self):
        with self._lock:
            self._until = time.monotonic() + PAUSE

    def clear(self):
        with self._lock:
            self._until = 0.0

    @property
    def active(self):
        return time.monotonic() < self._until


pause = _Pause()


class PausingConnection(redis.Connection):
    """``redis.Connection`` that fails at once while the pause lasts and starts it when
    the server times out or refuses."""

    def _check(self):
        if pause.active:
            self.disconnect()
            raise redis.ConnectionError("Redis did not answer a moment ago: not tried again yet.")

    def connect(self):
        self._check()
        try:
            super().connect()
        except (redis.ConnectionError, redis.TimeoutError):
            pause.start()
            raise

    def send_packed_command(self, command, check_health=True):
        self._check()
        try:
            super().send_packed_command(command, check_health=check_health)
        except (redis.ConnectionError, redis.TimeoutError):
            pause.start()
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            pause.start()
            raise
