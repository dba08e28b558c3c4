"""Who may see whom. Names, e-mail addresses and answers are personal data: only members
of "Gestionnaires des inscriptions" (the ``registrations.view_personal_data`` permission,
granted by migration 0002) and superusers see them. Other editors see counts."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy

PERSONAL_DATA_PERMISSION = "registrations.view_personal_data"
# The "Accueil" role: the check-in screen and route kits (names and answers of the
# session's people), nothing else.
CHECK_IN_PERMISSION = "registrations.check_in"


def can_view_personal_data(user):
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(PERSONAL_DATA_PERMISSION)))


def require_manager(request):
    """The views of registration managers: anyone else is refused."""
    if not can_view_personal_data(request.user):
        raise PermissionDenied


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations are read (and acted upon through dedicated views) by managers only;
    they are never added, edited or deleted through generic admin forms."""

    def user_has_permission(self, user, action):
        return action == "view" and can_view_personal_data(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def can_check_in(user):
    """Volunteers at the door ("Accueil") and registration managers."""
    return can_view_personal_data(user) or bool(
        user and user.is_active and user.has_perm(CHECK_IN_PERMISSION)
    )


def can_cancel_session(user, page):
    """Registration managers, and whoever may unpublish the session's page."""
    return can_view_personal_data(user) or page.permissions_for_user(user).can_unpublish()
