"""Hooks of the home app: "Publier l'édition" and "Démarrer l'édition suivante" on an
edition page, their views and the progress page of their jobs; page
sub-routes (home/routes.py) only for public pages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from home.editions import can_start_next_edition
from home.editions.publishing import can_publish_edition
from home.job_views import edition_job_view, publish_edition_view
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
        path("editions/<int:page_id>/publish/", publish_edition_view, name="home_publish_edition"),
        path("editions/jobs/<int:job_id>/", edition_job_view, name="home_edition_job"),
    ]


def edition_buttons(page, user):
    """ "Publier l'édition" (those who may publish it) and "Démarrer l'édition suivante"."""
    if page.specific_class is not EditionPage:
        return
    edition = page.specific
    if can_publish_edition(user, edition):
        yield Button(
            _("Publier l'édition"),
            reverse("home_publish_edition", args=[page.pk]),
            icon_name="upload",
            priority=34,
        )
    if can_start_next_edition(user, edition):
        yield Button(
            _("Démarrer l'édition suivante"),
            reverse("home_start_next_edition", args=[page.pk]),
            icon_name="copy",
            priority=35,
        )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    """In the "…" menu of the edition's header, in the explorer and the editor."""
    yield from edition_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    """In the "…" menu of the edition's row, in the explorer listing the editions."""
    yield from edition_buttons(page, user)
