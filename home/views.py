"""Admin views of the home app: "Démarrer l'édition suivante" (the form; the copy runs in
the task worker, followed in home/job_views.py)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.models import Page

from home.editions import (
    can_start_next_edition,
    language_versions,
    source_language_edition,
    source_problems,
)
from home.editions.jobs import queue_next_edition
from home.forms import NextEditionForm
from home.models import EditionPage


def start_next_edition_view(request, page_id):
    """ "Démarrer l'édition suivante": ask for the first day, copy, go to the new edition."""
    edition = get_object_or_404(EditionPage, pk=page_id)
    if not can_start_next_edition(request.user, edition):
        raise PermissionDenied
    source = source_language_edition(edition)
    versions = language_versions(source)
    form = NextEditionForm(request.POST or None, source=source)

    problems = source_problems(source, versions)
    if request.method == "POST" and form.is_valid() and not problems:
        # The copy takes seconds: the task worker does it, the editor follows it.
        job = queue_next_edition(
            source,
            start_date=form.cleaned_data["start_date"],
            keep_weekdays=form.cleaned_data["keep_weekdays"],
            user=request.user,
        )
        return redirect("home_edition_job", job.pk)

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
            "problems": problems,
        },
    )


def _count_pages(edition):
    return Page.objects.descendant_of(edition, inclusive=True).count()
