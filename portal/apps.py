from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        # Connect the page-cache invalidation and the login-throttle receivers.
        from portal import cache, throttle  # noqa: F401
