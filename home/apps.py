from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Accueil et éditions"

    def ready(self):
        # Imported here: signal receivers are connected once the models are loaded.
        from wagtail.signals import page_published

        from home.translation_fixes import repair_numchild_after_publish

        page_published.connect(
            repair_numchild_after_publish, dispatch_uid="home.repair_numchild_after_publish"
        )
