from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from programme.registrations.services.personal_data import purge_expired


class Command(BaseCommand):
    help = (
        "Anonymise les inscrit·es des éditions terminées depuis plus de REGISTRATION_RETENTION_DAYS "
        "jours (90 par défaut) : noms, e-mails et réponses sont effacés, les comptes restent. "
        "À lancer une fois par jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Durée de conservation en jours.")

    def handle(self, *args, days=None, **options):
        days = settings.REGISTRATION_RETENTION_DAYS if days is None else days
        count = purge_expired(now=timezone.now(), retention_days=days)
        self.stdout.write(f"{count} personne(s) anonymisée(s).")
