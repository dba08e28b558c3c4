from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from programme.registrations.services.reminders import queue_reminders


class Command(BaseCommand):
    help = (
        "Envoie le rappel aux personnes inscrites quelques jours avant leur séance "
        "(REGISTRATION_REMINDER_DAYS). À lancer une fois par jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Nombre de jours avant la séance.")

    def handle(self, *args, days=None, **options):
        days = settings.REGISTRATION_REMINDER_DAYS if days is None else days
        ids = queue_reminders(now=timezone.now(), days=days)
        self.stdout.write(f"{len(ids)} rappel(s) mis en file d'envoi (envoyés par db_worker).")
