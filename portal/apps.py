from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        # Connect the page-cache invalidation and the login-throttle receivers, and the
        # repair of translated parents' numchild (wagtail-localize #773).
        from portal import cache, throttle, translation_fixes  # noqa: F401
