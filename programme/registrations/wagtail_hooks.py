"""Admin menu "Inscriptions": the overview by session for every editor, and the full list
of registrations for registrations managers. URLs live in the viewset's namespace
(``registrations_admin:…``), under /admin/inscriptions/."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views, feedback_admin
from .checkin import urls as checkin_urls
from .messaging import hooks as messaging_hooks
from .models import Registration
from .permissions import RegistrationPermissionPolicy, can_check_in, can_view_personal_data


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
            *messaging_hooks.urlpatterns(),
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


class CheckInMenuItem(MenuItem):
    def is_shown(self, request):
        return can_check_in(request.user)


@hooks.register("register_admin_urls")
def register_day_urls():
    """The check-in screen, the route kits and the attendance report (checkin/)."""
    return [path("jour-j/", include(checkin_urls, namespace=checkin_urls.app_name))]


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
            CheckInMenuItem(
                _("Jour J : pointage"),
                reverse("registrations_checkin:index"),
                name="registrations-checkin",
                icon_name="tick",
                order=300,
            ),
            ManagersOnlyMenuItem(
                _("Rapport de fréquentation"),
                reverse("registrations_checkin:report"),
                name="registrations-report",
                icon_name="doc-full",
                order=400,
            ),
            ManagersOnlyMenuItem(
                _("Écrire aux inscrit·es"),
                reverse(f"{namespace}:messages"),
                name="registrations-messages",
                icon_name="mail",
                order=350,
            ),
        ]
    )
    return SubmenuMenuItem(_("Inscriptions"), submenu, name="registrations", icon_name="group", order=250)


hooks.register("before_unpublish_page", messaging_hooks.ask_before_unpublishing)
hooks.register("after_publish_page", messaging_hooks.tell_the_publisher)
