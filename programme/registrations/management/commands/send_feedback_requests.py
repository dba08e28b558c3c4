from django.core.management.base import BaseCommand
from django.utils import timezone

from programme.registrations.services.feedback import queue_feedback_requests


class Command(BaseCommand):
    help = (
        "Invite une fois les personnes inscrites à donner leur avis après la fin de leur séance "
        "(à la fin de sa journée quand elle n'a pas d'horaire). À lancer toutes les heures."
    )

    def handle(self, *args, **options):
        ids = queue_feedback_requests(now=timezone.now())
        self.stdout.write(f"{len(ids)} demande(s) d'avis mise(s) en file d'envoi (envoyées par db_worker).")
