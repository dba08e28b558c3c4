"""Edition actions in the task worker: "Démarrer l'édition suivante" (16 s on the demo)
and "Publier l'édition" run as a django-tasks task, never in the request. The view writes
an ``EditionJob`` row and enqueues ``run_edition_job`` in the same transaction (the
database backend writes its task row on the same connection: both or neither); the
editor's progress page reads the row.

The copy is one transaction (all or nothing): its progress is its state (waiting, running
since…). The publication goes page by page and counts them."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from home.editions.copying import start_next_edition
from home.editions.errors import EditionCopyError
from home.editions.publishing import publish_edition
from home.models import EditionJob

logger = logging.getLogger(__name__)


def queue_next_edition(source, *, start_date, keep_weekdays, user):
    return _queue(
        EditionJob.Kind.NEXT_EDITION,
        source,
        user,
        {"start_date": start_date.isoformat(), "keep_weekdays": keep_weekdays},
    )


def queue_publication(edition, *, untranslated, user):
    return _queue(EditionJob.Kind.PUBLISH, edition, user, {"untranslated": untranslated})


def _queue(kind, edition, user, parameters):
    with transaction.atomic():
        job = EditionJob.objects.create(kind=kind, edition=edition, user=user, parameters=parameters)
        run_edition_job.enqueue(job.pk)
    return job


@task(backend=settings.EDITION_TASK_BACKEND)
def run_edition_job(job_id):
    """The worker's task. Runs a queued job once (a second delivery finds it started)."""
    claimed = EditionJob.objects.filter(pk=job_id, status=EditionJob.Status.QUEUED).update(
        status=EditionJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = EditionJob.objects.select_related("edition", "user").get(pk=job_id)
    try:
        if job.kind == EditionJob.Kind.NEXT_EDITION:
            _next_edition(job)
        else:
            _publish(job)
    except EditionCopyError as error:
        _finish(job, EditionJob.Status.FAILED, error=str(error))
    except Exception:
        logger.exception("Edition job %s failed", job_id)
        _finish(job, EditionJob.Status.FAILED, error="")
        raise


def _next_edition(job):
    if job.edition is None:
        raise EditionCopyError("gone")
    new_edition = start_next_edition(
        job.edition.specific,
        dt.date.fromisoformat(job.parameters["start_date"]),
        keep_weekdays=job.parameters.get("keep_weekdays", False),
        user=job.user,
    )
    job.result = new_edition
    _finish(job, EditionJob.Status.DONE)


def _publish(job):
    if job.edition is None:
        raise EditionCopyError("gone")

    def progress(done, total):
        EditionJob.objects.filter(pk=job.pk).update(done=done, total=total)

    summary = publish_edition(
        job.edition.specific,
        user=job.user,
        untranslated=job.parameters.get("untranslated"),
        progress=progress,
    )
    job.refresh_from_db(fields=["done", "total"])
    job.result = job.edition
    job.summary = summary.as_json()
    _finish(job, EditionJob.Status.DONE)


def _finish(job, status, error=""):
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "result", "summary"])
