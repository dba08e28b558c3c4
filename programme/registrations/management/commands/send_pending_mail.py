"""The safety net of the task worker: sends what is still pending, once."""

from django.core.management.base import BaseCommand

from programme.registrations import emails


class Command(BaseCommand):
    help = (
        "Filet de sécurité : envoie les e-mails d'inscription encore en attente (le worker "
        "db_worker les envoie et les retente d'ordinaire). À lancer une fois par heure."
    )

    def handle(self, *args, **options):
        sent, failed = emails.deliver()
        self.stdout.write(f"{sent} e-mail(s) envoyé(s), {failed} en échec.")
        if failed:
            self.stderr.write("Les échecs sont consignés dans le journal et seront retentés.")
