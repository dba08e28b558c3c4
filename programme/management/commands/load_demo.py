"""Build the 2021 edition of "En Compagnie des Tiers-Lieux" from ``programme/demo``.

    python manage.py load_demo                # create or bring back in line with the data
    python manage.py load_demo --if-empty     # do nothing if an edition already exists
    python manage.py load_demo --with-admin   # also make the demo admin account

The content lives in ``programme/demo/edition_2021.py`` as plain Python data, built by
``programme/demo/loader.py`` (idempotent: see there), translated into English by
``programme/demo/translate.py``, then copied into the demonstration edition whose dates
are ahead (``programme/demo/next_edition.py``).

The demo admin account (``admin`` / ``admin``) is created only when settings.DEBUG is on
or ``--with-admin`` is given, and only if no user of that name exists. ``--if-empty``
skips the content only: `make run` on an existing database still reminds of the account.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale

from home.models import EditionPage
from programme.demo import edition_2021
from programme.demo.loader import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    DemoDataError,
    DemoLoader,
    ensure_demo_admin,
    quiet_loggers,
)
from programme.demo.next_edition import create_demo_next_edition
from programme.demo.translate import translate_demo


class Command(BaseCommand):
    help = (
        "Load the 2021 edition of En Compagnie des Tiers-Lieux (pages, people, venues) from "
        "programme/demo. Safe to run again: it only creates or updates what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if an edition page already exists (used by `make run`).",
        )
        parser.add_argument(
            "--french-only",
            action="store_true",
            help="Load the French 2021 edition only: no English translation, no demonstration edition.",
        )
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help=(
                f"Create the demo superuser {DEMO_ADMIN_USERNAME}/{DEMO_ADMIN_PASSWORD} if missing, "
                "even when DEBUG is off. Never use on a public server."
            ),
        )

    def handle(self, *args, if_empty=False, with_admin=False, french_only=False, verbosity=1, **options):
        if if_empty and EditionPage.objects.exists():
            self.stdout.write("An edition already exists: demo content not loaded (--if-empty).")
        else:
            with quiet_loggers(quiet=verbosity < 2), transaction.atomic():
                loader = DemoLoader(edition_2021)
                try:
                    home = loader.run()
                except DemoDataError as error:
                    raise CommandError(str(error)) from error
            summary = ", ".join(f"{count} {what}" for what, count in sorted(loader.stats.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo edition 2021 loaded: {summary}."))
            self.stdout.write(f"Browse it at {home.url or '/fr/'}")
            if not french_only:
                with quiet_loggers(quiet=verbosity < 2):
                    self.load_english_and_next_edition()
        if settings.DEBUG or with_admin:
            self.ensure_admin()

    def load_english_and_next_edition(self):
        """The English translation (through wagtail-localize, from programme/demo/en.po) and
        an upcoming demonstration edition started from 2021, so that registration can be
        tried. Both run after the French content is committed: wagtail-localize publishes
        in on_commit callbacks."""
        translate_demo()
        self.stdout.write(self.style.SUCCESS("English translation of the demo loaded."))
        source = EditionPage.objects.get(year=2021, locale=Locale.get_default())
        demo = create_demo_next_edition(source)
        self.stdout.write(self.style.SUCCESS(f"Demonstration edition ready: {demo.title} ({demo.url})."))

    def ensure_admin(self):
        if not ensure_demo_admin():
            self.stdout.write(
                f"Demo admin account: {DEMO_ADMIN_USERNAME} (already exists, password left unchanged)."
            )
            return
        self.stdout.write(
            self.style.WARNING(
                f"Demo admin account created: username {DEMO_ADMIN_USERNAME}, "
                f"password {DEMO_ADMIN_PASSWORD} (/admin/). For local use only."
            )
        )
