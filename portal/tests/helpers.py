"""Small helpers shared by the portal tests."""

from django.urls import reverse


def add_page_url(parent, model):
    """The admin's "add page" form for ``model`` below ``parent``."""
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
