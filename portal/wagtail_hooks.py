"""The editors' dashboard: two panels on the admin home, above Wagtail's own (pages to
moderate, pages in moderation, recent edits), which stay as they are.

- "Édition en cours": the edition being prepared, its days and sessions with their
  registration counts, fill rate and waiting list.
- "Traductions à faire": pages whose English version is missing, incomplete, out of date
  or unpublished.

The data comes from portal/dashboard.py; these classes only choose who sees what.
"""

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal import (
    admin_labels,  # noqa: F401  (replaces two bulk actions, with French labels)
    dashboard,
    translation_workflow,  # noqa: F401  (registers the translation workflow's hooks)
)
from portal.roles import PERSONAL_DATA_PERMISSION

# Wagtail's moderation panels have orders 210-220: the edition comes first.
EDITION_PANEL_ORDER = 50
TRANSLATIONS_PANEL_ORDER = 230
TRANSLATIONS_SHOWN = 12


class EditionPanel(Component):
    name = "ectl_edition"
    template_name = "portal/admin/edition_panel.html"
    order = EDITION_PANEL_ORDER

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        edition = dashboard.dashboard_edition()
        user = request.user
        overview_url = dashboard.registrations_admin_url("overview")
        context.update(
            {
                "request": request,
                "edition": edition,
                "days": dashboard.edition_programme(edition) if edition else [],
                "registrations_overview_url": f"{overview_url}?edition={edition.pk}"
                if overview_url and edition
                else None,
                "can_view_registrations": user.is_superuser or user.has_perm(PERSONAL_DATA_PERMISSION),
                "can_edit_pages": PagePermissionPolicy().user_has_any_permission(user, ["add", "change"]),
                # Wagtail lets only those who may publish reorder (it changes the live site).
                "can_reorder": bool(edition) and edition.permissions_for_user(user).can_reorder_children(),
            }
        )
        return context


class TranslationsPanel(Component):
    name = "ectl_translations"
    template_name = "portal/admin/translations_panel.html"
    order = TRANSLATIONS_PANEL_ORDER

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        items = dashboard.translation_backlog()
        context.update({"items": items[:TRANSLATIONS_SHOWN], "total": len(items)})
        return context


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    panels.append(EditionPanel())
    if request.user.has_perm("wagtail_localize.submit_translation"):
        panels.append(TranslationsPanel())
