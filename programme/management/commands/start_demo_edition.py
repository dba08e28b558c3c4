"""Make the published demonstration edition from an existing one, as ``load_demo`` does
after the English translation: a copy with its dates ahead and registration open.

    manage.py start_demo_edition              # from the 2021 edition
    manage.py start_demo_edition 2021 [--page 42] [--user alice]

Idempotent: when the demonstration year already has an edition, it is left as it is.
"""

from django.core.management.base import CommandError

from home.editions import EditionCopyError
from home.management.commands.start_edition import Command as StartEditionCommand
from programme.demo.next_edition import create_demo_next_edition


class Command(StartEditionCommand):
    help = "Make the published demonstration edition (dates ahead, registration open) from an edition."

    def add_arguments(self, parser):
        self.add_source_arguments(parser, default_year=2021)

    def handle(self, *args, year=None, page=None, user=None, **options):
        source = self.get_source(year, page)
        try:
            edition = create_demo_next_edition(source, user=self.get_user(user))
        except EditionCopyError as error:
            raise CommandError(str(error)) from error
        self.report(edition)
