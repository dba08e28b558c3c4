"""The project layer: connects the page cache and the login throttle to their signals."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        # Imported here, once the models are loaded: the page-cache invalidation and the
        # login-throttle receivers.
        from portal import cache, throttle

        cache.connect_signals()
        throttle.connect_signals()
