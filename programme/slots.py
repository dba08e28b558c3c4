"""Slots of a programme day: the sessions that run at the same time."""

from dataclasses import dataclass, field


@dataclass
class Slot:
    """Sessions of one day that run at the same time (or one session on its own)."""

    number: int | None
    sessions: list = field(default_factory=list)

    @property
    def is_parallel(self):
        return len(self.sessions) > 1

    @property
    def start_time(self):
        times = [s.start_time for s in self.sessions if s.start_time]
        return min(times) if times else None

    @property
    def end_time(self):
        times = [s.end_time for s in self.sessions if s.end_time]
        return max(times) if times else None
