"""``registration_changed`` (defined project-wide in portal.signals, where the page cache
listens) is sent after commit whenever the registrations of a session change: registered,
cancelled, promoted, checked in, anonymised. Receivers get ``session_key``, the session's
translation key, shared by its French and English pages."""

from portal.signals import registration_changed

__all__ = ["registration_changed"]
