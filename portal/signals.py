"""Project-wide signals that several apps send or listen to.

``registration_changed`` is how the registration module tells the rest of the site that
the places left on a session changed. Send it *after commit* (inside
``transaction.on_commit``), once per change::

    from portal.signals import registration_changed

    transaction.on_commit(lambda: registration_changed.send(sender=Registration, session_key=key))

where ``key`` is the session page's ``translation_key`` (shared by its French and
English pages).

``portal.cache`` listens and invalidates every cached public page, so that no visitor
ever sees a stale number of places left. Extra keyword arguments are accepted and ignored.
"""

from django.dispatch import Signal

registration_changed = Signal()
