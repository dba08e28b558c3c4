"""URLs of programme/feeds/views.py.

``urlpatterns`` go inside ``i18n_patterns`` before Wagtail's own (portal/urls.py);
``root_urlpatterns`` (robots.txt, favicon.ico) at the root of the site. The calendar
feeds and the programme by room are routes of their pages (home/routes.py,
programme/models.py).
"""

from django.urls import path
from django.utils.text import format_lazy

from . import views
from .segments import SEARCH

urlpatterns = [
    path(format_lazy("{}/", SEARCH), views.search, name="programme_search"),
]

root_urlpatterns = [
    path("robots.txt", views.robots, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
]
