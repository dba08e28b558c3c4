"""How long a rendered page stays true: a page that shows something depending on the
clock (what is on now, programme/now.py) says until when, and the page cache
(portal/cache.py) keeps it no longer than that.

The limit is kept on the request while the page renders (the template tag that shows
the clock-dependent part calls ``valid_until``); the cache reads ``seconds_left`` when
it stores the response. Pages that never call it keep the cache's own lifetime.
"""

from django.utils import timezone

ATTRIBUTE = "_page_valid_until"


def valid_until(request, moment):
    """Record that the page rendered for ``request`` is true until ``moment`` (aware;
    None: no limit). The earliest of several calls wins."""
    if request is None or moment is None:
        return
    current = getattr(request, ATTRIBUTE, None)
    if current is None or moment < current:
        setattr(request, ATTRIBUTE, moment)


def seconds_left(request, now=None):
    """Whole seconds until the page for ``request`` stops being true (0 when it already
    has), or None when the page set no limit."""
    moment = getattr(request, ATTRIBUTE, None)
    if moment is None:
        return None
    return max(0, int((moment - (now or timezone.now())).total_seconds()))
