"""Admin menu "Inscriptions": the overview by session for every editor, and the full list
of registrations for registrations managers. URLs live in the viewset's namespace
(``registrations_admin:…``), under /admin/inscriptions/."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views, feedback_admin
from .models import Registration
from .permissions import RegistrationPermissionPolicy, can_view_personal_data


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = admin_views.URL_NAMESPACE
    url_prefix = "inscriptions"
    icon = "group"
    add_to_admin_menu = False
    index_view_class = admin_views.RegistrationIndexView
    inspect_view_enabled = False
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return RegistrationPermissionPolicy(self.model)

    def get_urlpatterns(self):
        # Read-only: the list and its results; every change goes through a service.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("seances/", admin_views.OverviewView.as_view(), name="overview"),
            path("avis/", feedback_admin.FeedbackView.as_view(), name="feedback"),
            path("seance/<uuid:key>/", admin_views.SessionView.as_view(), name="session"),
            path("seance/<uuid:key>/feuille/", admin_views.sheet, name="sheet"),
            path("seance/<uuid:key>/remplir/", admin_views.fill, name="fill"),
            path("seance/<uuid:key>/export.<str:fmt>", admin_views.export_session, name="export_session"),
            path(
                "edition/<int:edition_id>/export.<str:fmt>", admin_views.export_edition, name="export_edition"
            ),
            path("<int:pk>/presence/", admin_views.check_in, name="check_in"),
            path("<int:pk>/annuler/", admin_views.cancel, name="cancel"),
            path("<int:pk>/promouvoir/", admin_views.promote, name="promote"),
        ]

    def register_admin_url_finder(self):
        pass  # no edit view to find

    def register_reference_index(self):
        pass

    def register_permissions(self):
        pass  # the one permission that matters, view_personal_data, is granted by group


registration_viewset = RegistrationViewSet()


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


class ManagersOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_personal_data(request.user)


@hooks.register("register_admin_menu_item")
def register_registrations_menu():
    namespace = admin_views.URL_NAMESPACE
    submenu = Menu(
        items=[
            MenuItem(
                _("Par séance"),
                reverse(f"{namespace}:overview"),
                name="registrations-overview",
                icon_name="list-ul",
                order=100,
            ),
            MenuItem(
                _("Avis"),
                reverse(f"{namespace}:feedback"),
                name="registrations-feedback",
                icon_name="comment",
                order=150,
            ),
            ManagersOnlyMenuItem(
                _("Toutes les inscriptions"),
                reverse(f"{namespace}:index"),
                name="registrations-all",
                icon_name="group",
                order=200,
            ),
        ]
    )
    return SubmenuMenuItem(_("Inscriptions"), submenu, name="registrations", icon_name="group", order=250)
