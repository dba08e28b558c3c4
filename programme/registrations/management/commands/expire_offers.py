from django.core.management.base import BaseCommand
from django.utils import timezone

from programme.registrations.services.offers import expire_offers


class Command(BaseCommand):
    help = (
        "Passe à la personne suivante les places proposées (liste d'attente en mode "
        "« proposée ») dont le délai est passé. À lancer toutes les 10 minutes."
    )

    def handle(self, *args, **options):
        count = expire_offers(now=timezone.now())
        self.stdout.write(f"{count} proposition(s) expirée(s), places proposées aux suivant·es.")
