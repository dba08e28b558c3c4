"""Start next year's edition from an existing one, as the admin action does.

    manage.py start_edition 2021 2022-11-28 [--keep-weekdays] [--user alice]

The source is the year of a French edition (or ``--page`` with its page id when several
sites have an edition that year). The new edition is a draft. The published
demonstration edition is made by the demo's own command, ``start_demo_edition``.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from home.editions import EditionCopyError, start_next_edition
from home.models import EditionPage


class Command(BaseCommand):
    help = "Copy an edition (every language, translations linked) into a new one with its dates shifted."

    def add_arguments(self, parser):
        self.add_source_arguments(parser)
        parser.add_argument(
            "start_date", nargs="?", type=dt.date.fromisoformat, help="New first day, YYYY-MM-DD."
        )
        parser.add_argument(
            "--keep-weekdays",
            action="store_true",
            help="Round the shift to whole weeks (Monday stays Monday).",
        )

    @staticmethod
    def add_source_arguments(parser, default_year=None):
        parser.add_argument(
            "year", type=int, nargs="?", default=default_year, help="Year of the edition to copy, e.g. 2021."
        )
        parser.add_argument("--page", type=int, help="Page id of the edition to copy, instead of its year.")
        parser.add_argument("--user", help="Username recorded as the owner of the new pages.")

    def handle(self, *args, year=None, start_date=None, page=None, keep_weekdays=False, user=None, **options):
        source = self.get_source(year, page)
        user = self.get_user(user)
        if start_date is None:
            raise CommandError("Give the new edition's first day (YYYY-MM-DD).")
        try:
            edition = start_next_edition(source, start_date, keep_weekdays=keep_weekdays, user=user)
        except EditionCopyError as error:
            raise CommandError(str(error)) from error
        self.report(edition)

    def report(self, edition):
        state = "published" if edition.live else "draft"
        self.stdout.write(
            self.style.SUCCESS(
                f"{edition.title} ({state}): {edition.start_date:%Y-%m-%d}, page {edition.pk}, "
                f"{edition.get_translations(inclusive=True).count()} language(s)."
            )
        )

    def get_source(self, year, page_id):
        if page_id is not None:
            edition = EditionPage.objects.filter(pk=page_id).first()
            if edition is None:
                raise CommandError(f"No edition page with id {page_id}.")
            return edition
        if year is None:
            raise CommandError("Give the year of the edition to copy, or --page.")
        editions = list(EditionPage.objects.filter(year=year, locale=Locale.get_default()))
        if not editions:
            raise CommandError(f"No edition {year}.")
        if len(editions) > 1:
            ids = ", ".join(str(edition.pk) for edition in editions)
            raise CommandError(f"Several editions {year} (pages {ids}): choose one with --page.")
        return editions[0]

    def get_user(self, username):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user
