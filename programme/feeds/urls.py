"""URLs of programme/feeds/views.py.

``urlpatterns`` go inside ``i18n_patterns`` before Wagtail's own (portal/urls.py);
``root_urlpatterns`` (robots.txt, favicon.ico) at the root of the site.
"""

import re

from django.urls import path, re_path
from django.utils.functional import lazy
from django.utils.text import format_lazy

from . import views
from .segments import CALENDAR, ROOMS, SEARCH

# A page's path as Wagtail's serve view takes it: slugs, each followed by "/".
PAGE_PATH = r"(?P<path>(?:[\w\-]+/)*)"
PAGE_PATH_NON_EMPTY = r"(?P<path>(?:[\w\-]+/)+)"

_escaped = lazy(lambda segment: re.escape(str(segment)), str)

urlpatterns = [
    path(format_lazy("{}/", SEARCH), views.search, name="programme_search"),
    re_path(format_lazy(r"^{}{}$", PAGE_PATH, _escaped(CALENDAR)), views.calendar, name="programme_calendar"),
    re_path(format_lazy(r"^{}{}/$", PAGE_PATH_NON_EMPTY, ROOMS), views.rooms, name="programme_rooms"),
    re_path(
        format_lazy(r"^{}{}/(?P<room>[\w\-]+)/$", PAGE_PATH_NON_EMPTY, ROOMS),
        views.rooms,
        name="programme_room",
    ),
]

root_urlpatterns = [
    path("robots.txt", views.robots, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
]
