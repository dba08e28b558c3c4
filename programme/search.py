"""Search of the site's pages in the visitor's language (Wagtail search, the database
backend: PostgreSQL's full text search in production, SQLite's FTS in development).

Only live, public pages of one locale are searched, optionally within one edition. The
indexed fields are each page type's ``search_fields`` (title, summary, body, tagline…).
"""

from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from home.models import EditionPage

MAX_RESULTS = 200


@dataclass
class Result:
    page: Page
    edition: EditionPage | None
    summary: str

    @property
    def kind(self):
        return getattr(self.page, "kind_label", "") or self.page.specific_class._meta.verbose_name


def _summary(page):
    for name in ("search_description", "summary", "intro", "tagline", "description"):
        text = " ".join(strip_tags(str(getattr(page, name, "") or "")).split())
        if text:
            return Truncator(text).words(30)
    return ""


def search_pages(query, locale, edition=None):
    """[Result] for ``query`` among the live public pages of ``locale`` (below
    ``edition`` when given), best first."""
    pages = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1)
    if edition is not None:
        pages = pages.descendant_of(edition, inclusive=True)
    found = list(pages.search(query)[:MAX_RESULTS])
    if not found:
        return []
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in found]).specific()}
    editions = {e.path: e for e in EditionPage.objects.filter(locale=locale)}
    results = []
    for page in found:
        page = specific.get(page.pk, page)
        owner = next((e for path, e in editions.items() if page.path.startswith(path)), None)
        results.append(Result(page=page, edition=owner, summary=_summary(page)))
    return results
