"""Small helpers shared by the tests of the admin (portal/tests, tests/)."""

from django.urls import reverse


def add_page_url(parent, model):
    """The admin's "add page" form for ``model`` below ``parent``."""
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def is_refused(response):
    """Wagtail sends users without permission back to the dashboard with a message, or
    answers 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.rstrip("/").endswith("/admin")
    )
