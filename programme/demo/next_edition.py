"""The demonstration edition: a published copy of the 2021 edition with its dates ahead,
so that a newcomer can try registration.

``create_demo_next_edition`` starts it with the edition copier (``home.editions``), titled
and introduced as a demonstration in each language, then opens registration on its
sessions now and publishes every page. ``load_demo`` makes it after the English
translation; ``manage.py start_demo_edition`` makes it alone.
"""

import datetime as dt
from calendar import monthrange

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from home.editions import source_language_edition, start_next_edition
from home.models import EditionPage

DEMO_TEXT = {
    "fr": {
        "title": "Édition de démonstration {year}",
        "tagline": "Une édition fictive pour essayer le site : dates, programme et inscriptions "
        "sont là pour la démonstration.",
    },
    "en": {
        "title": "Demonstration edition {year}",
        "tagline": "A made-up edition to try the site out: its dates, programme and registrations "
        "are for demonstration only.",
    },
}


def demo_start_date(source_start, today, *, min_days_ahead=60):
    """The same slot as the source in the first year that is far enough ahead: the 2021
    edition was on the last Monday of November, so is the demonstration edition."""
    weekday, month = source_start.weekday(), source_start.month
    year = max(source_start.year + 1, today.year)
    while True:
        last = dt.date(year, month, monthrange(year, month)[1])
        candidate = last - dt.timedelta(days=(last.weekday() - weekday) % 7)
        if candidate >= today + dt.timedelta(days=min_days_ahead):
            return candidate
        year += 1


def create_demo_next_edition(source, *, today=None, user=None):
    """A published demonstration edition copied from ``source`` (the 2021 edition), on
    the same weekday of the same month in a year at least two months ahead, so that a
    newcomer can try registration (registration openings still ahead are removed). Titled
    and introduced as a demonstration in each language.

    Idempotent: if the target year already has an edition, that edition is returned as it is.
    """
    today = today or timezone.localdate()
    source = source_language_edition(source)
    start = demo_start_date(source.start_date, today)
    existing = EditionPage.objects.child_of(source.get_parent()).filter(year=start.year).first()
    if existing is not None:
        return existing

    edition_fields = {
        code: {"title": text["title"].format(year=start.year), "tagline": text["tagline"]}
        for code, text in DEMO_TEXT.items()
    }
    with transaction.atomic():
        edition = start_next_edition(
            source, start, keep_weekdays=True, user=user, edition_fields=edition_fields
        )
        now = timezone.now()
        for version in edition.get_translations(inclusive=True).order_by("locale__language_code"):
            pages = Page.objects.descendant_of(version, inclusive=True).filter(alias_of__isnull=True)
            for page in pages.order_by("path").specific():
                if _open_registration_now(page, now):
                    revision = page.save_revision(user=user, clean=False)
                else:
                    revision = page.get_latest_revision()
                revision.publish(user=user)
    edition.refresh_from_db()
    return edition


def _open_registration_now(page, now):
    """A demonstration is for trying registration today: a registration opening that the
    shift pushed into the future is removed (registration then opens on publication)."""
    opens_at = getattr(page, "registration_opens_at", None)
    if opens_at is not None and opens_at > now:
        page.registration_opens_at = None
        return True
    return False
