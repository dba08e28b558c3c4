from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Programme"

    def ready(self):
        # A session published (by an editor or by wagtail-localize) takes its place in the
        # programme (programme/ordering.py).
        from wagtail.signals import page_published

        from programme.ordering import place_after_publication

        page_published.connect(place_after_publication, dispatch_uid="programme_place_in_programme")
