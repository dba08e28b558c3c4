"""The home app: the site root, the editions and their copier, the shared base layer."""

from django.apps import AppConfig
from wagtail.signals import page_published


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Accueil et éditions"

    def ready(self):
        # Imported here: the receiver's module uses the models, loaded only now.
        from home.translation_fixes import repair_numchild_after_publish

        page_published.connect(
            repair_numchild_after_publish, dispatch_uid="home.repair_numchild_after_publish"
        )
