"""Signals the registration module sends to the rest of the site.

``registration_changed`` tells that the places left on a session changed: registered,
cancelled, promoted, checked in, anonymised. Send it *after commit* (inside
``transaction.on_commit``), once per change::

    transaction.on_commit(lambda: registration_changed.send(sender=Registration, session_key=key))

where ``key`` is the session page's ``translation_key`` (shared by its French and English
pages). ``portal.cache`` listens (connected in PortalConfig.ready) and invalidates every
cached public page, so that no visitor ever sees a stale number of places left. Extra
keyword arguments are accepted and ignored.
"""

from django.dispatch import Signal

registration_changed = Signal()
