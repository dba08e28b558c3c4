"""Admin views of the edition actions that run in the task worker: "Publier l'édition"
(the form), and the progress and result page of a job (home/editions/jobs.py)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.editions import language_versions, source_language_edition
from home.editions.jobs import queue_publication
from home.editions.publishing import (
    TRANSLATED_ONLY,
    UNTRANSLATED_CHOICES,
    PublishSummary,
    can_publish_edition,
)
from home.models import EditionJob, EditionPage, HomePage


class PublishEditionForm(forms.Form):
    untranslated = forms.ChoiceField(
        label=_("Pages pas encore traduites"),
        choices=UNTRANSLATED_CHOICES,
        initial=TRANSLATED_ONLY,
        widget=forms.RadioSelect,
    )


def publish_edition_view(request, page_id):
    """ "Publier l'édition": what will go online, the choice for untranslated pages, then
    the job."""
    edition = get_object_or_404(EditionPage, pk=page_id)
    if not can_publish_edition(request.user, edition):
        raise PermissionDenied
    source = source_language_edition(edition)
    form = PublishEditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = queue_publication(source, untranslated=form.cleaned_data["untranslated"], user=request.user)
        return redirect("home_edition_job", job.pk)
    return TemplateResponse(
        request,
        "home/admin/publish_edition.html",
        {"page": edition, "source": source, "form": form, "languages": _language_counts(source)},
    )


def _language_counts(source):
    """(language, pages, of which drafts) of each language version of the edition."""
    rows = []
    for version in language_versions(source):
        pages = (
            Page.objects.descendant_of(version.edition, inclusive=True)
            if version.edition
            else Page.objects.none()
        )
        drafts = (
            pages.filter(live=False).count() + pages.filter(live=True, has_unpublished_changes=True).count()
        )
        rows.append((version.language_name, pages.count(), drafts))
    return rows


def edition_job_view(request, job_id):
    """The job's progress (it refreshes itself, edition_job.js), then what it did and what
    to do next. ``?state`` answers its state as JSON, for the page's script."""
    job = get_object_or_404(EditionJob.objects.select_related("edition", "result", "user"), pk=job_id)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    if "state" in request.GET:
        return JsonResponse(
            {
                "status": job.status,
                "label": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "finished": job.finished,
            }
        )
    context = {"job": job, "page": job.edition}
    if job.status == EditionJob.Status.DONE and job.kind == EditionJob.Kind.PUBLISH:
        context.update(_publication_context(job))
    elif job.status == EditionJob.Status.DONE and job.result is not None:
        context.update(_next_edition_context(request, job))
    return TemplateResponse(request, "home/admin/edition_job.html", context)


def _publication_context(job):
    summary = PublishSummary.from_json(job.summary)
    edition = job.result.specific if job.result else None
    links = []
    if edition is not None:
        links = [
            (version.language_name, version.edition.url)
            for version in language_versions(edition)
            if version.edition is not None and version.edition.live
        ]
    return {"summary": summary, "edition": edition, "public_links": links}


def _next_edition_context(request, job):
    new_edition = job.result.specific
    # Named only while it runs: the dashboard shows it until it is over.
    previous = EditionPage.objects.not_over().filter(pk=job.edition_id).first()
    home = HomePage.objects.select_related("featured_edition").filter(pk=new_edition.get_parent().pk).first()
    return {
        "new_edition": new_edition,
        "page_count": Page.objects.descendant_of(new_edition, inclusive=True).count(),
        "languages": [version.language_name for version in language_versions(new_edition)],
        "previous": previous,
        "can_publish": can_publish_edition(request.user, new_edition),
        "featured": home.featured_edition if home and home.featured_edition_id else None,
        "home": home,
    }
