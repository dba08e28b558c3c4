"""Public registration URLs, included under the language prefix: /fr/inscriptions/…"""

from django.urls import path

from . import feedback_views, lost_link, offer_views, plan_views, views
from .checkin import tickets

app_name = "registrations"

urlpatterns = [
    path("seance/<int:page_id>/", views.register, name="register"),
    path("resultat/<str:signed>/", views.result, name="result"),
    path("moi/<str:token>/", views.personal, name="personal"),
    path("moi/<str:token>/annuler/<uuid:registration_uuid>/", views.cancel, name="cancel"),
    path("moi/<str:token>/calendrier.ics", views.calendar, name="calendar"),
    path("moi/<str:token>/calendrier/<uuid:registration_uuid>.ics", views.calendar, name="calendar_one"),
    path("moi/<str:token>/supprimer/", views.delete_data, name="delete_data"),
    path("moi/<str:token>/billet/<uuid:registration_uuid>/", tickets.ticket, name="ticket"),
    path("donnees-supprimees/", views.data_deleted, name="data_deleted"),
    path("moi/<str:token>/offre/<uuid:registration_uuid>/", offer_views.accept_offer, name="accept_offer"),
    path("lien-perdu/<int:edition_id>/", lost_link.lost_link, name="lost_link"),
    path("lien-perdu/<int:edition_id>/envoye/", lost_link.lost_link_sent, name="lost_link_sent"),
    # The day planner (plan_views.py).
    path("journee/<int:day_id>/", plan_views.planner, name="planner"),
    path("journee/<int:day_id>/places/", plan_views.planner_places, name="planner_places"),
    path("journee/resultat/<str:signed>/", plan_views.planner_result, name="planner_result"),
    path("avis/seance/<int:page_id>/", feedback_views.session_feedback, name="session_feedback"),
    path("avis/<str:token>/", feedback_views.feedback, name="feedback"),
]
