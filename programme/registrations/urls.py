"""Public registration URLs, included under the language prefix: /fr/inscriptions/…"""

from django.urls import path

from . import feedback_views, views

app_name = "registrations"

urlpatterns = [
    path("seance/<int:page_id>/", views.register, name="register"),
    path("resultat/<str:signed>/", views.result, name="result"),
    path("moi/<str:token>/", views.personal, name="personal"),
    path("moi/<str:token>/annuler/<uuid:registration_uuid>/", views.cancel, name="cancel"),
    path("moi/<str:token>/calendrier.ics", views.calendar, name="calendar"),
    path("moi/<str:token>/calendrier/<uuid:registration_uuid>.ics", views.calendar, name="calendar_one"),
    path("moi/<str:token>/supprimer/", views.delete_data, name="delete_data"),
    path("donnees-supprimees/", views.data_deleted, name="data_deleted"),
    path("avis/seance/<int:page_id>/", feedback_views.session_feedback, name="session_feedback"),
    path("avis/<str:token>/", feedback_views.feedback, name="feedback"),
]
