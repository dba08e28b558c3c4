"""Admin URLs of the day, under /admin/jour-j/ (namespace ``registrations_checkin``)."""

from django.urls import path

from . import report, views

app_name = views.NAMESPACE

urlpatterns = [
    path("", views.index, name="index"),
    path("code/<str:code>/", views.code, name="code"),
    path("seance/<uuid:key>/", views.screen, name="screen"),
    path("seance/<uuid:key>/etat/", views.state, name="state"),
    path("seance/<uuid:key>/sync/", views.sync, name="sync"),
    path("seance/<uuid:key>/sur-place/", views.walk_in, name="walk_in"),
    path("seance/<uuid:key>/pointer/<uuid:registration_uuid>/", views.tap, name="tap"),
    path("parcours/<uuid:key>/", views.kit, name="kit"),
    path("rapport/", report.report_view, name="report"),
    path("rapport/<int:edition_id>/export.<str:fmt>", report.export, name="report_export"),
]
