from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import offline
from portal import views as portal_views
from programme.feeds import urls as feeds_urls
from programme.seo import BilingualSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Both languages, with hreflang alternates (programme/seo.py); robots.txt, favicon.ico.
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}, name="sitemap"),
    *feeds_urls.root_urlpatterns,
    # Operations (portal/views.py): /health/ is normally answered by HealthCheckMiddleware.
    path("health/", portal_views.health, name="health"),
    # Readable offline (portal/offline.py): at the root, so the worker's scope is the site.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("bench/baseline/", portal_views.baseline, name="bench_baseline"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# 503 rather than 500 while the database is unreachable (portal/views.py).
handler500 = "portal.views.server_error"

# Public pages are prefixed with their language (/fr/, /en/); "/" redirects by
# Accept-Language through LocaleMiddleware.
urlpatterns += i18n_patterns(
    path("inscriptions/", include("programme.registrations.urls")),
    # Search, before Wagtail's catch-all.
    path("", include(feeds_urls)),
    # The network's places and people (programme/places/).
    path("", include("programme.places.urls")),
    # A page's calendar feed (…/calendrier.ics, a route of the page: home/routes.py):
    # Wagtail's own pattern takes no dot (wagtail/wagtail#3653), so the paths ending
    # in a .ics file name go to the same view, which routes them like any page URL.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.ics)$", wagtail_views.serve, name="wagtail_serve_ics"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
