from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from programme.registrations.admin_views import pick_edition, source_editions
from programme.registrations.checkin.report import build, percent
from programme.registrations.checkin.scripted_day import simulate_day


class Command(BaseCommand):
    help = (
        "Simule une journée sur l'édition en cours (développement uniquement) : inscriptions, "
        "une annulation, pointages et une inscription sur place par séance, puis affiche le "
        "rapport de fréquentation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, default=None, help="Identifiant de la page de l'édition.")
        parser.add_argument("--per-session", type=int, default=20, help="Inscriptions par séance, au plus.")

    def handle(self, *args, edition=None, per_session=20, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusé : cette commande invente des inscriptions (développement, DEBUG activé)."
            )
        chosen = pick_edition(source_editions(), edition)
        if chosen is None:
            raise CommandError("Aucune édition.")
        simulate_day(chosen, per_session=per_session)
        blocks, total = build(chosen)
        for block in blocks:
            for line in block.lines:
                f = line.figures
                self.stdout.write(
                    f"{line.title}: {f.registered} inscrit·es, {f.confirmed} confirmé·es, "
                    f"{f.checked_in} pointé·es, {f.walk_ins} sur place, "
                    f"remplissage {percent(f.fill_rate)}, présence {percent(f.show_rate)}"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"{chosen.title} : {total.present} présent·es pour {total.capacity} places "
                f"(remplissage {percent(total.fill_rate)}, présence {percent(total.show_rate)})."
            )
        )
