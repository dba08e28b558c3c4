"""``manage.py setup_roles``: create or complete the editorial groups and the moderation
workflow (see portal/roles.py). Safe to run on every deployment."""

from django.core.management.base import BaseCommand

from portal.roles import WORKFLOW_NAME, setup_roles


class Command(BaseCommand):
    help = "Crée ou complète les groupes Éditeurs, Modérateurs, Gestionnaires des inscriptions et le workflow de relecture."

    def handle(self, *args, **options):
        groups = setup_roles()
        for name, group in groups.items():
            self.stdout.write(f"Groupe « {name} » : {group.permissions.count()} permissions.")
        self.stdout.write(self.style.SUCCESS(f"Workflow « {WORKFLOW_NAME} » actif sur toutes les pages."))
