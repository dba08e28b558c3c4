"""The project layer: connects the page cache to its signals."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        # Imported here, once the models are loaded: the page-cache invalidation receivers.
        from portal import cache

        cache.connect_signals()
