"""Hooks of the home app: "Démarrer l'édition suivante" on an edition page; page
sub-routes (home/routes.py) only for public pages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from home.editions import can_start_next_edition
from home.models import EditionPage
from home.routes import sub_routes_are_public_only
from home.views import start_next_edition_view

# Before Wagtail's own privacy check (order 0), which would answer a login form.
hooks.register("before_serve_page", sub_routes_are_public_only, order=-1)


@hooks.register("register_admin_urls")
def register_edition_urls():
    return [
        path(
            "editions/<int:page_id>/next/",
            start_next_edition_view,
            name="home_start_next_edition",
        ),
    ]


def next_edition_button(page, user):
    if page.specific_class is EditionPage and can_start_next_edition(user, page.specific):
        return Button(
            _("Démarrer l'édition suivante"),
            reverse("home_start_next_edition", args=[page.pk]),
            icon_name="copy",
            priority=35,
        )
    return None


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    """In the "…" menu of the edition's header, in the explorer and the editor."""
    if button := next_edition_button(page, user):
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    """In the "…" menu of the edition's row, in the explorer listing the editions."""
    if button := next_edition_button(page, user):
        yield button
