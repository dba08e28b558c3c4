"""What search engines and link previews read: the meta description, the share image,
schema.org ``Event`` data, the sitemap of both languages and robots.txt.

Plain functions of a page (and the request for absolute URLs); ``visitor_tags.page_meta``
puts them in the page's ``<head>``.

schema.org choices
    The edition, each session and each route is an ``Event`` held on site
    (``OfflineEventAttendanceMode``). Dates without a time of day stay dates
    ("2021-11-29"), as schema.org allows: no hour is invented. A session names the edition
    as its ``superEvent``; the organisers are the edition's partners of the tier
    "Organisateur", else the site itself. A session or route that takes registrations
    gets a free ``Offer`` whose ``availability`` follows the registration state: open →
    InStock, full or waiting list → SoldOut, not open yet → PreSale; closed → no
    availability (nothing to offer any more, the event itself still took place). The
    state is not rendered into the page (which the page cache keeps through
    registrations) but filled in when it is served (``programme.registrations.live``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from home.models import EditionPage, page_lineage
from home.models import edition_of as shared_edition_of
from programme.models import SessionPage
from programme.registrations import live
from programme.registrations.services.availability import requires_registration

DESCRIPTION_LENGTH = 160
SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg|jpegquality-80"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
SCHEDULED = "https://schema.org/EventScheduled"
AVAILABILITY = live.OFFER_AVAILABILITY
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def _plain(text):
    return " ".join(strip_tags(str(text or "")).split())


def meta_description(page):
    """The editor's search description, else the page's own summary, intro or tagline,
    else its edition's tagline; plain text of at most 160 characters."""
    if page is None:
        return ""
    page = page.specific_deferred if type(page) is Page else page
    candidates = [
        page.search_description,
        getattr(page, "summary", ""),
        getattr(page, "intro", ""),
        getattr(page, "tagline", ""),
        getattr(page, "description", ""),
    ]
    edition = edition_of(page)
    if edition is None and hasattr(page, "get_editions"):  # the home page: its current edition
        edition = page.get_editions()[0]
    if edition is not None:
        candidates.append(edition.tagline)
    for candidate in candidates:
        text = _plain(candidate)
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def edition_of(page):
    """The page's edition, with its hero image and main venue: computed once per page
    object and shared with the navigation and the registration panel of the same render
    (home.models.edition_of)."""
    return shared_edition_of(page)


def share_image(page):
    """The image a link preview shows: the page's own (hero, logo), else its edition's."""
    for name in ("hero_image", "logo"):
        image = getattr(page, name, None)
        if image is not None:
            return image
    edition = edition_of(page)
    return edition.hero_image if edition is not None else None


def absolute(page_url, url):
    """``url`` (a media path) made absolute on the origin of ``page_url``: the site's
    root URL, like the page's canonical address."""
    if not url or url.startswith(("http://", "https://")):
        return url
    parts = urlsplit(page_url or settings.WAGTAILADMIN_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}{url}"


# --- schema.org ---------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value is not None else None


def place(venue, name=""):
    """A schema.org Place for a venue (a room takes its building's address)."""
    if venue is None:
        return {"@type": "Place", "name": name} if name else None
    data = {"@type": "Place", "name": name or venue.label}
    source = venue.postal_address_source
    if source.full_address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": source.address,
            "postalCode": source.postcode,
            "addressLocality": source.town,
            "addressCountry": getattr(settings, "EVENT_COUNTRY", "FR"),
        }
        data["address"] = {key: value for key, value in data["address"].items() if value}
    position = venue.position
    if position is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": position[0], "longitude": position[1]}
    return data


ORGANISERS_HOOK = "event_organisers"


def organisers(edition, request=None):
    """The edition's organisers as schema.org ``Organization`` data: what the first app
    registered for the ``event_organisers`` Wagtail hook answers (the partners app: its
    pages of the tier "organiser"), else the site itself. A hook rather than an import:
    programme and partners are independent apps."""
    for provider in hooks.get_hooks(ORGANISERS_HOOK):
        found = provider(edition)
        if found:
            return found
    home = page_lineage(edition).ancestors[-1]  # its parent, without a query
    return [{"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": home.get_full_url(request)}]


def _person(person):
    data = {"@type": "Person", "name": person.name}
    if person.organisation:
        data["affiliation"] = {"@type": "Organization", "name": person.organisation}
    return data


def edition_event(edition, request=None, image_url=""):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": edition.title,
        "url": edition.get_full_url(request),
        "startDate": _iso(edition.start_date),
        "endDate": _iso(edition.last_day),
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": OFFLINE,
        "inLanguage": edition.locale.language_code,
        "isAccessibleForFree": True,
        "organizer": organisers(edition, request),
    }
    location = place(edition.main_venue) or {"@type": "Place", "name": edition.city}
    if edition.main_venue is not None and "address" not in location:
        location["address"] = {"@type": "PostalAddress", "addressLocality": edition.city}
    data["location"] = location
    description = meta_description(edition)
    if description:
        data["description"] = description
    if image_url:
        data["image"] = [image_url]
    return data


def _session_locations(session, edition):
    """The session's Place (a route: its meeting place, then its stops), else the
    edition's main venue."""
    locations = []
    meeting = place(session.venue, name=session.location_text() if session.is_route else "")
    if meeting is None and session.location_note:
        meeting = {"@type": "Place", "name": session.location_note}
    if meeting is not None:
        locations.append(meeting)
    if session.is_route:
        # The stops the page already loaded for its template (one query per render).
        locations.extend(place(stop.venue) for stop in session.get_stops())
    elif edition is not None and not locations and edition.main_venue is not None:
        locations.append(place(edition.main_venue))
    return locations


def _session_offer(session, url, request=None):
    """The free Offer of a session that takes registrations. Its availability is live:
    a placeholder member, right after ``@type``, that the page cache's serving fills
    with the state of the moment (programme.registrations.live)."""
    offer = {"@type": "Offer"}
    info = live.session_info(session)
    if info is not None and requires_registration(info.page):
        offer[live.offer_member(info, session.locale.language_code)] = 0
    offer.update({"price": 0, "priceCurrency": "EUR", "url": f"{url}#inscription"})
    if session.registration_opens_at:
        offer["validFrom"] = _iso(session.registration_opens_at)
    return offer


def session_event(session, request=None, image_url=""):
    """A WorkshopPage or RoutePage as an Event, or None when it has no day."""
    day = session.day
    if day is None or not hasattr(day, "date"):
        return None
    edition = edition_of(session)
    timing = session.timing(day)
    start, end = timing.bounds()
    url = session.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.numbered_title,
        "url": url,
        "startDate": _iso(start),
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": OFFLINE,
        "inLanguage": session.locale.language_code,
        "isAccessibleForFree": True,
    }
    # A date alone when the end time is unknown: no hour is invented.
    data["endDate"] = _iso(end if end is not None and not timing.all_day else day.date)
    description = meta_description(session)
    if description:
        data["description"] = description
    locations = _session_locations(session, edition)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    performers = [] if session.is_route else [_person(sp.person) for sp in session.get_people()]
    if performers:
        data["performer"] = performers
    if edition is not None:
        data["superEvent"] = {"@type": "Event", "name": edition.title, "url": edition.get_full_url(request)}
        data["organizer"] = organisers(edition, request)
    if session.registration_required:
        data["offers"] = _session_offer(session, url, request)
    if image_url:
        data["image"] = [image_url]
    return data


def event_json_ld(page, request=None, image_url=""):
    """The schema.org Event of an edition, session or route page; None otherwise."""
    if isinstance(page, EditionPage):
        return edition_event(page, request, image_url)
    if isinstance(page, SessionPage):
        return session_event(page, request, image_url)
    return None


# --- Sitemap and robots.txt ---------------------------------------------------------


class BilingualSitemap(Sitemap):
    """Every live public page of the site in every language, each with the
    ``<xhtml:link rel="alternate" hreflang>`` of its translations.

    Wagtail's own sitemap walks the default site's root page only, which is the French
    home page: the English tree (/en/) is a sibling of it, not below it."""

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        below_a_root = Q()
        for root in roots:
            below_a_root |= Q(path__startswith=root.path)
        return (
            Page.objects.live()
            .public()
            .filter(below_a_root)
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        by_key = {}
        for item in items:
            by_key.setdefault(item.translation_key, []).append(item)
        urls, last_mods = [], set()
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                translations = by_key.get(item.translation_key, [])
                if len(translations) > 1:
                    url_info["alternates"] = [
                        {
                            "lang_code": other.locale.language_code,
                            "location": other.get_full_url(self.request),
                        }
                        for other in translations
                    ]
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    # Django's paginator needs the whole list to group translations page by page.
    limit = DjangoSitemap.limit


def robots_txt(request):
    """robots.txt: everything public may be crawled but the admin, the registration
    forms and personal pages, and search results; the sitemap's address."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('registrations:register', args=[0]).rsplit('/seance/', 1)[0]}/")
            lines.append(f"Disallow: {reverse('programme_search')}")
    lines.append("")
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return "\n".join(lines) + "\n"
