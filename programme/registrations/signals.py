"""Signals the registration module sends to the rest of the site.

``registration_changed`` tells that the places left on a session changed: registered,
cancelled, promoted, checked in, anonymised. Send it *after commit* (inside
``transaction.on_commit``), once per change::

    transaction.on_commit(lambda: registration_changed.send(sender=Registration, session_key=key))

where ``key`` is the session page's ``translation_key`` (shared by its French and English
pages). The page cache does not need it (the places left are filled in when a page is
served: ``programme.registrations.live``); it is there for whatever must react to a
change. Extra keyword arguments are accepted and ignored.
"""

from django.dispatch import Signal

registration_changed = Signal()
