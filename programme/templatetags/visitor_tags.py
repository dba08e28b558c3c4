"""Template tags of the visitors' side: head metadata (description, OpenGraph, Twitter,
schema.org JSON-LD), calendar and per-room links, route map data, logo pictures."""

import json
from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import Filter, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

from programme import seo
from programme.feeds.segments import SEARCH

register = template.Library()

# What json_script escapes, so that the data cannot close its <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass
class PageMeta:
    description: str = ""
    canonical: str = ""
    title: str = ""
    og_type: str = "website"
    og_locale: str = ""
    og_locale_alternates: list = field(default_factory=list)
    image_url: str = ""
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""
    json_ld: str = ""
    noindex: bool = False

    @property
    def twitter_card(self):
        return "summary_large_image" if self.image_url else "summary"


@register.simple_tag(takes_context=True)
def page_meta(context, page=None, nav=None):
    """Everything the <head> says about ``page`` to search engines and link previews."""
    request = context.get("request")
    meta = PageMeta(noindex=bool(context.get("noindex")))
    code = (nav.language_code if nav else None) or translation.get_language() or settings.LANGUAGE_CODE
    meta.og_locale = seo.OG_LOCALES.get(code, code)
    if nav is not None:
        meta.og_locale_alternates = [
            seo.OG_LOCALES.get(link.code, link.code) for link in nav.alternates if link.code != code
        ]
    if page is None or not getattr(page, "pk", None):
        meta.title = settings.WAGTAIL_SITE_NAME
        return meta
    meta.title = page.seo_title or page.title
    meta.description = seo.meta_description(page)
    suffix = context.get("page_url_suffix")
    meta.canonical = page.get_full_url(request) + (suffix(code) if suffix else "")
    image = seo.share_image(page)
    if image is not None:
        rendition = image.get_rendition(seo.SHARE_IMAGE_FILTER)
        meta.image_url = seo.absolute(meta.canonical, rendition.url)
        meta.image_width, meta.image_height = rendition.width, rendition.height
        meta.image_alt = getattr(image, "default_alt_text", "") or ""
    if suffix is None:
        data = seo.event_json_ld(page, request, meta.image_url)
        if data is not None:
            meta.json_ld = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return meta


@register.simple_tag
def json_ld_script(data):
    """<script type="application/ld+json"> with already-escaped JSON (page_meta)."""
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


@register.simple_tag(takes_context=True)
def calendar_url(context, page):
    """The .ics feed of an edition, day or session page (home/routes.py)."""
    return page.get_calendar_url(context.get("request"))


@register.simple_tag(takes_context=True)
def rooms_url(context, day):
    """The day's programme by room (a route of ProgrammeDayPage), in the day's language."""
    url = day.get_url(context.get("request"))
    if not url:
        return ""
    with translation.override(day.locale.language_code):
        return url + day.reverse_subpage("rooms")


@register.simple_tag
def search_url(edition=None):
    """The search page in the active language (within ``edition`` when given)."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    url = f"/{code}/{SEARCH}/"
    return f"{url}?edition={edition.year}" if edition is not None else url


@register.simple_tag
def route_map_data(route):
    """The stops of a route that have a position, in order, for static/js/route-map.js
    (read from a JSON script element: no inline script under the CSP); None when no stop
    has one, so that the page shows no map at all."""
    stops = []
    for number, stop in enumerate(route.get_stops(), start=1):
        venue = stop.venue
        if venue.has_position:
            stops.append(
                {
                    "number": number,
                    "name": venue.name,
                    "address": venue.full_address,
                    "lat": float(venue.latitude),
                    "lng": float(venue.longitude),
                }
            )
    if not stops:
        return None
    return {
        "stops": stops,
        "tileUrl": getattr(settings, "MAP_TILE_URL", ""),
        "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
        "maxZoom": getattr(settings, "MAP_MAX_ZOOM", 18),
        "labels": {
            "zoomIn": translation.gettext("Zoomer"),
            "zoomOut": translation.gettext("Dézoomer"),
        },
    }


@register.simple_tag
def srcset_image_unique(image, specs, **attrs):
    """Wagtail's ``{% srcset_image %}`` without repeated widths: Wagtail never enlarges
    an image, so one narrower than the largest size asked gives the same width twice,
    which makes the srcset invalid. E.g. ``{% srcset_image_unique img "width-{400,800}"
    sizes="100vw" %}``."""
    if not image:
        return ""
    filters = [Filter(spec=spec) for spec in Filter.expand_spec(specs)]
    by_width = {}
    for key, rendition in get_renditions_or_not_found(image, filters).items():
        by_width.setdefault(rendition.width, (key, rendition))
    return ResponsiveImage(dict(by_width.values()), attrs).__html__()


@register.inclusion_tag("components/picture.html")
def picture(image, spec, alt="", css_class="", sizes=""):
    """<picture> with a WebP source and a fallback in the original's family (PNG for
    images that may be transparent, JPEG otherwise), at 1x and 2x of ``spec`` (e.g.
    "max-240x120"), with width and height so that nothing moves while it loads."""
    if image is None:
        return {"image": None}
    operation, _, size = spec.partition("-")
    width, _, height = size.partition("x")
    double = f"{operation}-{int(width) * 2}x{int(height) * 2}" if height else f"{operation}-{int(width) * 2}"
    name = (image.file.name or "").lower()
    fallback = "png" if name.endswith((".png", ".gif", ".svg", ".webp")) else "jpeg"
    renditions = image.get_renditions(
        f"{spec}|format-webp",
        f"{double}|format-webp",
        f"{spec}|format-{fallback}",
        f"{double}|format-{fallback}",
    )
    webp_1x, webp_2x, fallback_1x, fallback_2x = renditions.values()
    return {
        "image": image,
        "webp_srcset": f"{webp_1x.url} 1x, {webp_2x.url} 2x",
        "fallback": fallback_1x,
        "fallback_srcset": f"{fallback_1x.url} 1x, {fallback_2x.url} 2x",
        "alt": alt,
        "css_class": css_class,
    }
