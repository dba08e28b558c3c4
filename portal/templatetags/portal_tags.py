"""Template tags shared by every page: the page's surroundings (language links, edition
navigation, breadcrumbs) and the formatting of dates and times.

`page_navigation` computes everything `base.html` shows around a page in a fixed number
of queries, whatever the size of the edition: the ancestors, the edition, its children,
and the translations of the page and of its ancestors.
"""

from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.utils import formats, translation
from wagtail.models import Page, Site

from home import datetimes
from home.models import LineageMixin, edition_of, page_lineage

register = template.Library()


@dataclass
class LanguageLink:
    """A link to the page (or the nearest translated ancestor) in one language."""

    code: str
    name: str
    url: str
    full_url: str
    is_current: bool = False
    # False when the page itself is not translated and the link leads to an ancestor.
    is_exact: bool = True
    # The page the link leads to (or whose view it leads to, see _use_view_urls).
    page: Page | None = None


@dataclass
class NavItem:
    page: Page
    url: str
    # "page" for the page being shown, "true" for the section it belongs to, else "".
    current: str = ""


@dataclass
class Navigation:
    language_code: str
    languages: list = field(default_factory=list)
    alternates: list = field(default_factory=list)
    x_default: str = ""
    breadcrumbs: list = field(default_factory=list)
    edition: Page | None = None
    edition_url: str = ""
    edition_current: str = ""
    edition_items: list = field(default_factory=list)
    home_url: str = "/"

    @property
    def other_languages(self):
        return [link for link in self.languages if not link.is_current]


def _translations(chain):
    """The live pages sharing a translation key with one of ``chain``. One query."""
    keys = [ancestor.translation_key for ancestor in chain]
    return (
        Page.objects.filter(translation_key__in=keys)
        .live()
        .select_related("locale")
        .only("id", "path", "depth", "url_path", "translation_key", "locale__language_code")
    )


def _language_links(request, page, candidates, current_code):
    """For each configured language: the page's own translation, else the nearest
    translated ancestor (the home page at worst), among ``candidates``."""
    by_code = {}
    for candidate in candidates:
        best = by_code.get(candidate.locale.language_code)
        if best is None or candidate.depth > best.depth:
            by_code[candidate.locale.language_code] = candidate
    links = []
    for code, name in settings.LANGUAGES:
        if code == current_code and page is not None:
            target, exact = page, True
        else:
            target = by_code.get(code)
            exact = target is not None and page is not None and target.translation_key == page.translation_key
        if target is None:
            continue
        url = target.get_url(request)
        if url is None:
            continue
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                full_url=target.get_full_url(request),
                is_current=code == current_code,
                is_exact=exact,
                page=target,
            )
        )
    return links


def _chain_and_translations(page):
    """The page's ancestors below the tree root and itself, and the candidates of its
    language links. One query, shared with the privacy check and the metadata
    (home.models.page_lineage); two for pages of other apps."""
    if isinstance(page, LineageMixin):
        lineage = page_lineage(page)
        return [*(row for row in lineage.ancestors if row.depth > 1), page], lineage.translations
    chain = [*page.get_ancestors().filter(depth__gt=1), page]
    return chain, _translations(chain)


def _add_url_suffix(context, links):
    """A view below a page (the programme by room: programme/rooms.py; search:
    programme/feeds/views.py) puts ``page_url_suffix`` in its context, a function of a language code returning the
    view's own segment in that language: each language link then leads to that view."""
    suffix = context.get("page_url_suffix")
    if suffix is None:
        return
    for link in links:
        link.url += suffix(link.code)
        link.full_url += suffix(link.code)


def _use_view_urls(context, links):
    """A view about a page under another address (the registration form of a session:
    /fr/inscriptions/seance/12/) puts ``language_view_url`` in its context, a function of
    (page in that language, language code) returning the view's path in that language:
    each exact language link then leads to the same view for the translated page."""
    view_url = context.get("language_view_url")
    request = context.get("request")
    if view_url is None:
        return
    for link in links:
        link.url = view_url(link.page, link.code)
        link.full_url = request.build_absolute_uri(link.url) if request else link.url


@register.simple_tag(takes_context=True)
def page_navigation(context, page=None):
    """Language links, hreflang alternates, breadcrumbs and the edition's menu for
    `page` (or for the site's home when there is no page, as on the 404 page)."""
    request = context.get("request")
    current_code = translation.get_language() or settings.LANGUAGE_CODE
    nav = Navigation(language_code=current_code)
    if page is None or not getattr(page, "pk", None):
        site = Site.find_for_request(request) if request else None
        if site is None:
            return nav
        root = site.root_page
        nav.languages = _language_links(request, None, _translations([root]), None)
        for link in nav.languages:
            link.is_current = link.code == current_code
            if link.is_current:
                nav.home_url = link.url
        _add_url_suffix(context, nav.languages)
        if context.get("page_url_suffix") is not None:
            # A view of the whole site in each language (search): its versions are alternates.
            nav.alternates = nav.languages
            nav.x_default = next(
                (link.full_url for link in nav.languages if link.code == settings.LANGUAGE_CODE), ""
            )
        return nav

    nav.language_code = page.locale.language_code
    chain, candidates = _chain_and_translations(page)

    # Languages and alternates.
    nav.languages = _language_links(request, page, candidates, nav.language_code)
    _add_url_suffix(context, [link for link in nav.languages if link.is_exact])
    _use_view_urls(context, [link for link in nav.languages if link.is_exact])
    nav.alternates = [link for link in nav.languages if link.is_exact]
    default = next((link for link in nav.alternates if link.code == settings.LANGUAGE_CODE), None)
    nav.x_default = default.full_url if default else ""

    # Breadcrumbs: from the home page down to the page itself.
    home = chain[0]
    nav.home_url = home.get_url(request) or "/"
    if len(chain) > 1:
        nav.breadcrumbs = [NavItem(page=ancestor, url=ancestor.get_url(request)) for ancestor in chain]
        nav.breadcrumbs[-1].current = "page"

    _add_edition_menu(nav, request, page)
    return nav


def _add_edition_menu(nav, request, page):
    """The menu of the edition ``page`` belongs to, if any: its live children in tree order."""
    edition = edition_of(page)
    if edition is None:
        return
    nav.edition = edition
    nav.edition_url = edition.get_url(request)
    nav.edition_current = "page" if edition.pk == page.pk else ""
    for child in Page.objects.child_of(edition).live().only("id", "path", "depth", "url_path", "title"):
        current = ""
        if child.pk == page.pk:
            current = "page"
        elif page.path.startswith(child.path):
            current = "true"
        nav.edition_items.append(NavItem(page=child, url=child.get_url(request), current=current))


@register.simple_tag
def date_range(start, end=None):
    """ "29 novembre 2021", "29–30 novembre 2021" or "30 novembre – 1 décembre 2021"."""
    if start is None:
        return ""
    if end is None or end == start:
        return formats.date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        first = formats.date_format(start, "j")
    elif start.year == end.year:
        first = formats.date_format(start, "j F")
    else:
        first = formats.date_format(start, "j F Y")
    separator = "–" if (start.year, start.month) == (end.year, end.month) else " – "
    return f"{first}{separator}{formats.date_format(end, 'j F Y')}"


@register.filter
def time_of_day(value):
    """A time as people write it: "18h00" in French, "4 pm" in English (home/datetimes.py)."""
    return datetimes.time_of_day(value)


@register.filter
def date_and_time(value):
    """ "lundi 29 novembre 2027 à 18h00" / "Monday 29 November 2027, 4 pm"."""
    return datetimes.date_and_time(value)


@register.filter
def iso_time(value):
    """The machine-readable form for <time datetime="…">."""
    return value.strftime("%H:%M") if value else ""


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME
