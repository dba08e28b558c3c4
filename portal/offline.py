"""Readable offline: the service worker (``/sw.js``) and the web app manifest
(``/manifest.webmanifest``), at the root so that the worker's scope is the whole site.

What the worker (templates/portal/sw.js) keeps, in caches named after ``version()``:

- the static files the pages need (the CSS, the scripts, the icon), at install;
- the public pages a visitor opened (network first, the cached copy when the network
  fails), and, once an edition's page is opened, that edition's pages it links to
  (programme, days, sessions, routes, practical information: two links deep, within the
  edition's address), fetched in the background;
- "Mon programme" for the selections the visitor made while online.

It never keeps anything personal: nothing under ``/<lang>/inscriptions/`` (forms,
personal pages, outcome pages), nothing answered with ``Cache-Control: no-store`` or
``private``, no non-GET request, nothing of another site, nothing outside ``/fr/`` and
``/en/`` (the admin, documents). A copy served offline carries the time it was stored;
static/js/companion.js then shows "hors ligne — dernière mise à jour à 9h12", hides the
registration state (it would not be live) and says that forms need a connection.

A new version (the static files' addresses changed, or ``OFFLINE_CACHE_VERSION``)
installs a new worker, which deletes the caches of the old ones when it activates.
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

STATIC_FILES = ["css/site.css", "css/print.css", "js/companion.js", "favicon.svg"]
MAX_WARMED_PAGES = 150


def static_urls():
    return [static(name) for name in STATIC_FILES]


def version():
    """Changes when a static file's hashed address changes, or with the setting."""
    parts = [getattr(settings, "OFFLINE_CACHE_VERSION", "1"), *static_urls()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def _offline_texts():
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = {
                "title": translation.gettext("Hors ligne"),
                "body": translation.gettext(
                    "Cette page n'a pas été enregistrée sur cet appareil. Les pages de l'édition que vous "
                    "avez déjà ouvertes restent lisibles ; les inscriptions et les formulaires ont besoin "
                    "d'une connexion."
                ),
            }
    return texts


def _home_texts():
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = translation.gettext("Accueil")
    return texts


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    languages = [code for code, _name in settings.LANGUAGES]
    context = {
        "config": json.dumps(
            {
                "version": version(),
                "static": static_urls(),
                "languages": languages,
                "excluded": [f"/{code}/inscriptions/" for code in languages],
                "maxWarmed": MAX_WARMED_PAGES,
                "texts": _offline_texts(),
                "home": _home_texts(),
            }
        )
    }
    response = HttpResponse(render_to_string("portal/sw.js", context), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def manifest(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    data = {
        "name": getattr(settings, "WAGTAIL_SITE_NAME", "En Compagnie des Tiers-Lieux"),
        "short_name": "ECTL",
        "lang": language,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f3ed",
        "theme_color": "#0b5e57",
        "icons": [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")
