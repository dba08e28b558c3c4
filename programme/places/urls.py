"""URLs of programme/places/views.py, inside ``i18n_patterns`` before Wagtail's own
(portal/urls.py)."""

from django.urls import path
from django.utils.text import format_lazy

from . import views
from .segments import PEOPLE, PLACES

urlpatterns = [
    path(format_lazy("{}/", PLACES), views.venue_index, name="programme_venues"),
    path(format_lazy("{}/<slug:slug>-<int:pk>/", PLACES), views.venue_detail, name="programme_venue"),
    path(format_lazy("{}/<slug:slug>-<int:pk>/", PEOPLE), views.person_detail, name="programme_person"),
]
