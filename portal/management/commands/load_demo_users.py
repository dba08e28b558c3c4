"""``manage.py load_demo_users``: one account per role, for development only.

Creates (or resets) the demo accounts listed in docs/demo-accounts.md, after making
sure the groups and the moderation workflow exist. Passwords are public, so the command
refuses to run unless ``DEBUG`` is on.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.users.models import UserProfile

from portal.roles import CHECK_IN_VOLUNTEERS, EDITORS, MODERATORS, REGISTRATION_MANAGERS, setup_roles


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    role: str
    group: str | None = None  # None: superuser
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser(
        "administrateur",
        "demo-administrateur",
        "Alice",
        "Administratrice",
        "administration complète (superutilisateur)",
        is_superuser=True,
    ),
    DemoUser("editeur", "demo-editeur", "Émile", "Éditeur", "écrit et soumet à la relecture", group=EDITORS),
    DemoUser(
        "moderateur",
        "demo-moderateur",
        "Mona",
        "Modératrice",
        "relit, approuve et publie",
        group=MODERATORS,
    ),
    DemoUser(
        "gestionnaire",
        "demo-gestionnaire",
        "Gaston",
        "Gestionnaire",
        "gère les inscriptions, voit les données personnelles",
        group=REGISTRATION_MANAGERS,
    ),
    DemoUser(
        "accueil",
        "demo-accueil",
        "Aïcha",
        "Accueil",
        "pointe les participant·es le jour J",
        group=CHECK_IN_VOLUNTEERS,
    ),
)


class Command(BaseCommand):
    help = "Crée les comptes de démonstration (développement uniquement, DEBUG activé)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusé : les comptes de démonstration ont des mots de passe publics. "
                "Cette commande ne fonctionne qu'en développement (DEBUG activé)."
            )
        with transaction.atomic():
            groups = setup_roles()
            for demo in DEMO_USERS:
                self._save(demo, groups)

        self.stdout.write("Comptes de démonstration (identifiant / mot de passe) :")
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.username:<15} {demo.password:<20} {demo.role}")
        self.stdout.write(self.style.SUCCESS("Connexion sur /admin/."))

    def _save(self, demo, groups):
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=demo.username)
        user.first_name = demo.first_name
        user.last_name = demo.last_name
        user.email = f"{demo.username}@example.org"
        user.is_active = True
        user.is_superuser = demo.is_superuser
        user.is_staff = demo.is_superuser
        user.set_password(demo.password)
        user.save()
        # The account has exactly its role's group, whatever it had before.
        user.groups.set([groups[demo.group]] if demo.group else [])
        # French staff: the admin speaks French whatever the browser asks for.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "fr"
        profile.save(update_fields=["preferred_language"])
        return user
