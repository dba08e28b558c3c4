"""The public site in two languages: /en/ mirrors /fr/ page for page, every page says its
language and links its translation, and bad language prefixes or untranslated pages
never end in a server error or a broken link.

The demo is loaded once for the module as ``make run`` loads it (``load_demo``: the 2021
edition in French, its English translation, and the demonstration edition copied from
it), and each language crawled once; each test runs in its own savepoint and everything
is rolled back after the module.
"""

import datetime
import re
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlparse

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, TestCase
from wagtail.models import Page, Revision

from home.factories import ContentPageFactory
from home.models import EditionPage
from programme.demo.translate import translate_demo

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture(scope="module")
def demo_database(module_database):
    with module_database():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=StringIO())
        yield


@pytest.fixture
def demo(demo_database, db):
    return EditionPage.objects.get(locale__language_code="fr", year=2021)


class PageParser(HTMLParser):
    """What the tests read in a page: <html lang>, hreflang alternates, links, the
    language switcher's links, and the text a visitor reads or hears (text, alt, title,
    aria-label, placeholder)."""

    READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_langs = []
        self.alternates = {}
        self.links = []
        self.switcher = {}
        self.texts = []
        self._in_switcher = False
        self._hidden_depth = 0

    def handle_data(self, data):
        if not self._hidden_depth and data.strip():
            self.texts.append(data.strip())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.texts.extend(attrs[name] for name in self.READ_ATTRIBUTES if attrs.get(name))
        if tag in ("script", "style"):
            self._hidden_depth += 1
        elif tag == "html":
            self.html_langs.append(attrs.get("lang"))
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and "lang-switcher" in attrs.get("class", ""):
            self._in_switcher = True
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._in_switcher and attrs.get("hreflang"):
                self.switcher[attrs["hreflang"]] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False
        elif tag in ("script", "style"):
            self._hidden_depth -= 1


def parse(response):
    parser = PageParser()
    parser.body = response.content.decode()
    parser.feed(parser.body)
    return parser


def crawl(client, start):
    """Follow every link that stays under ``start``'s language prefix and return
    ``(pages, others)``: the Wagtail pages found ({path: parsed page}) and the other
    addresses ({path: response}: search, calendar files, registration forms…). Fails on
    any link that does not answer 200."""
    prefix = urlparse(start).path
    pages, others, queue, seen = {}, {}, [(start, None)], set()
    while queue:
        path, origin = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, f"{path} (linked from {origin}) answered {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            others[path] = response
            continue
        parsed = parse(response)
        page = (response.context or {}).get("page")
        if isinstance(page, Page) and page.url == path:
            pages[path] = parsed
        else:
            others[path] = parsed
        for href in parsed.links:
            url = urlparse(urljoin(path, href))
            if url.netloc in ("", "localhost", "testserver") and url.path.startswith(prefix):
                queue.append((url.path, path))
    return pages, others


@pytest.fixture(scope="module")
def site_crawl(demo_database):
    """{language: (pages, others)}, as ``crawl`` returns them: each language is crawled
    once for the module (seconds each), since the tests only read what it found."""
    return {code: crawl(Client(), f"/{code}/") for code in LANGUAGES}


@pytest.fixture
def crawled(demo, site_crawl):
    """{language: {path: parsed page}} for the Wagtail pages a visitor reaches."""
    return {code: pages for code, (pages, _others) in site_crawl.items()}


def test_translating_again_after_the_full_load_changes_nothing(demo):
    """load_demo translates, then copies the demonstration edition below the same home
    page: a new child is no reason to touch the English home page."""
    revisions = Revision.objects.count()
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = translate_demo()
    assert (report.created, report.updated, report.missing) == ([], [], set())
    assert Revision.objects.count() == revisions


def test_each_language_has_the_same_live_pages(demo):
    keys = {
        code: set(
            Page.objects.live().filter(locale__language_code=code, depth__gt=1).values_list("translation_key")
        )
        for code in LANGUAGES
    }
    assert len(keys["fr"]) >= 26  # the 2021 edition and its home page, at least
    assert keys["en"] == keys["fr"]


def test_a_crawl_of_each_language_finds_every_page(crawled):
    assert len(crawled["en"]) == len(crawled["fr"]) >= 26
    for code, pages in crawled.items():
        live = {page.url for page in Page.objects.live().filter(locale__language_code=code, depth__gt=1)}
        assert set(pages) == live


def test_every_page_declares_its_language_once(crawled):
    for code, pages in crawled.items():
        for path, page in pages.items():
            assert page.html_langs == [code], path


def test_every_other_html_view_under_a_prefix_speaks_its_language(demo, site_crawl):
    """Search, registration forms and the like, reached from the pages' links."""
    for code in LANGUAGES:
        _pages, others = site_crawl[code]
        for path, view in others.items():
            if isinstance(view, PageParser):
                assert view.html_langs == [code], path


def test_every_page_links_its_translation_and_back(crawled):
    for code, pages in crawled.items():
        for path, page in pages.items():
            assert set(page.alternates) == {*LANGUAGES, "x-default"}, path
            assert urlparse(page.alternates[code]).path == path
            assert page.alternates["x-default"] == page.alternates[settings.LANGUAGE_CODE]
            for other in LANGUAGES:
                other_path = urlparse(page.alternates[other]).path
                assert other_path in crawled[other], f"{path} → {other_path}"
                back = crawled[other][other_path].alternates[code]
                assert urlparse(back).path == path, f"{other_path} does not link back to {path}"


def public_html_views(site_crawl):
    """{language: {path: parsed page}} of every HTML address the crawl reached: pages,
    search, programme by room, registration forms."""
    return {
        code: {path: parsed for path, parsed in {**pages, **others}.items() if isinstance(parsed, PageParser)}
        for code, (pages, others) in site_crawl.items()
    }


def test_every_public_view_links_its_counterpart_and_back(site_crawl):
    """Search and registration forms included (issue 14): hreflang and the language
    switcher lead to the same view in the other language, which links back."""
    views = public_html_views(site_crawl)
    assert any("/recherche/" in path for path in views["fr"])
    assert any("/inscriptions/seance/" in path for path in views["fr"])
    gaps = []
    for code, parsed_views in views.items():
        for path, parsed in parsed_views.items():
            if set(parsed.alternates) != {*LANGUAGES, "x-default"}:
                gaps.append(f"{path}: hreflang {sorted(parsed.alternates)}")
                continue
            for other in set(LANGUAGES) - {code}:
                other_path = urlparse(parsed.alternates[other]).path
                if parsed.switcher.get(other) != other_path:
                    gaps.append(f"{path}: switcher {parsed.switcher.get(other)} != hreflang {other_path}")
                counterpart = views[other].get(other_path)
                if counterpart is None or urlparse(counterpart.alternates.get(code, "")).path != path:
                    gaps.append(f"{path} → {other_path} does not link back")
    assert gaps == [], "\n".join(gaps)


def test_the_language_switcher_leads_to_the_same_page(crawled):
    for code, pages in crawled.items():
        others = set(LANGUAGES) - {code}
        for path, page in pages.items():
            assert set(page.switcher) == others, path
            for other, href in page.switcher.items():
                assert href == urlparse(page.alternates[other]).path, path


def test_english_pages_show_no_french_interface_string(crawled):
    """Every interface string the English catalogue translates must appear in English."""
    catalogue = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not catalogue.exists():
        pytest.skip("locale/en/LC_MESSAGES/django.po does not exist yet")
    french = {
        entry.msgid
        for entry in polib.pofile(str(catalogue))
        if entry.msgstr
        and entry.msgstr != entry.msgid
        and not entry.obsolete
        and len(entry.msgid) >= 12
        and not re.search(r"%|\{", entry.msgid)
    }
    leftovers = {}
    for path, page in crawled["en"].items():
        text = "\n".join(page.texts)
        if found := sorted(msgid for msgid in french if msgid in text):
            leftovers[path] = found
    assert leftovers == {}


def test_an_unknown_language_prefix_is_a_404_in_the_default_language(demo, client):
    for path in ("/de/2021/", "/de/", "/xx/2021/programme-du-29-11/"):
        response = client.get(path, follow=True)
        assert response.status_code == 404, path
        assert parse(response).html_langs == [settings.LANGUAGE_CODE], path


def test_a_missing_english_page_is_a_404_not_a_server_error(demo, client):
    response = client.get("/en/2021/no-such-page/")
    assert response.status_code == 404
    assert parse(response).html_langs == ["en"]


def test_a_french_slug_under_en_redirects_to_the_english_page(demo, client):
    """Wagtail records a redirect when the English copy gets its English slug."""
    response = client.get("/en/2021/programme-du-29-11/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/2021/programme-29-november/"
    assert response.status_code == 200


def test_a_french_only_page_leads_to_its_nearest_english_ancestor(demo, client):
    page = ContentPageFactory(parent=demo, title="Covoiturage", slug="covoiturage")
    page.save_revision().publish()
    response = client.get("/fr/2021/covoiturage/")
    assert response.status_code == 200
    parsed = parse(response)
    assert parsed.switcher["en"] == "/en/2021/"
    assert "en" not in parsed.alternates  # no hreflang for a translation that does not exist
    assert client.get(parsed.switcher["en"]).status_code == 200
    assert client.get("/en/2021/covoiturage/").status_code == 404


def test_the_edition_pinned_on_the_french_home_is_pinned_on_the_english_one(demo):
    """The pin is a synchronised field: the English home follows the French choice."""
    from wagtail.models import Locale
    from wagtail_localize.operations import translate_object

    from home.factories import EditionPageFactory

    french_home = demo.get_parent().specific
    en = Locale.objects.get(language_code="en")
    year = max(EditionPage.objects.values_list("year", flat=True)) + 5
    next_year = EditionPageFactory(parent=french_home, year=year, slug=str(year))
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(next_year, [en])
        french_home.featured_edition = next_year
        french_home.save_revision().publish()
        translate_demo()  # syncs the French home page into English
    english_home = french_home.get_translation(en).specific
    assert english_home.featured_edition_id == next_year.pk
    before_2021 = datetime.date(2021, 1, 1)
    assert french_home.get_editions(today=before_2021)[0] == next_year
    assert english_home.get_editions(today=before_2021)[0] == next_year.get_translation(en)
