from django.core.management.base import BaseCommand

from programme.registrations import emails


class Command(BaseCommand):
    help = (
        "Envoie les e-mails d'inscription restés en attente (serveur de messagerie indisponible…). "
        "À lancer régulièrement, par exemple toutes les 10 minutes."
    )

    def handle(self, *args, **options):
        sent, failed = emails.deliver()
        self.stdout.write(f"{sent} e-mail(s) envoyé(s), {failed} en échec.")
        if failed:
            self.stderr.write("Les échecs sont consignés dans le journal et seront retentés.")
