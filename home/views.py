"""Admin views of the home app."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Page

from home.editions import (
    EditionCopyError,
    can_start_next_edition,
    language_name,
    language_versions,
    source_language_edition,
    source_problems,
    start_next_edition,
)
from home.forms import DATE_ERRORS, NextEditionForm, error_to_validation
from home.models import EditionPage, HomePage


def start_next_edition_view(request, page_id):
    """ "Démarrer l'édition suivante": ask for the first day, copy, go to the new edition."""
    edition = get_object_or_404(EditionPage, pk=page_id)
    if not can_start_next_edition(request.user, edition):
        raise PermissionDenied
    source = source_language_edition(edition)
    versions = language_versions(source)
    form = NextEditionForm(request.POST or None, source=source)

    if request.method == "POST" and form.is_valid():
        try:
            new_edition = start_next_edition(
                source,
                form.cleaned_data["start_date"],
                keep_weekdays=form.cleaned_data["keep_weekdays"],
                user=request.user,
            )
        except EditionCopyError as error:
            form.add_error("start_date" if error.code in DATE_ERRORS else None, error_to_validation(error))
        else:
            _report_success(request, new_edition)
            return redirect("wagtailadmin_explore", new_edition.pk)

    return TemplateResponse(
        request,
        "home/admin/start_next_edition.html",
        {
            "page": edition,
            "source": source,
            "form": form,
            "languages": [
                (version.language_name, _count_pages(version.edition))
                for version in versions
                if version.edition
            ],
            "problems": source_problems(source, versions),
        },
    )


def _count_pages(edition):
    return Page.objects.descendant_of(edition, inclusive=True).count()


def _report_success(request, new_edition):
    versions = sorted(
        new_edition.get_translations(inclusive=True).select_related("locale"),
        key=lambda version: version.pk != new_edition.pk,
    )
    languages = ", ".join(language_name(version.locale) for version in versions)
    messages.success(
        request,
        _(
            "L'édition « %(title)s » est créée en brouillon (%(count)s pages par langue : %(languages)s). "
            "Elle commence le %(date)s. Relisez-la puis publiez-la."
        )
        % {
            "title": new_edition.title,
            "count": _count_pages(new_edition),
            "languages": languages,
            "date": date_format(new_edition.start_date, "l j F Y"),
        },
        buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[new_edition.pk]), _("Modifier"))],
    )
    home = HomePage.objects.select_related("featured_edition").get(pk=new_edition.get_parent().pk)
    if home.featured_edition is not None:
        messages.warning(
            request,
            _(
                "La page d'accueil met en avant l'édition « %(title)s » : changez ce choix quand la "
                "nouvelle édition sera publiée."
            )
            % {"title": home.featured_edition.title},
            buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[home.pk]), _("Modifier"))],
        )
