"""The page cache serves anonymous visitors, never anyone's token or personal data, and
forgets everything as soon as content changes; registrations leave it as it is (their
state is filled in when a page is served: programme/registrations/tests/test_live.py).

These tests render with the small templates in portal/tests/templates so that they test
the cache layer, not the site's templates.
"""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.factories import ContentPageFactory, EditionPageFactory
from portal import cache as page_cache
from programme.factories import PersonFactory
from programme.registrations.signals import registration_changed

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def cached(settings, site_tree):
    """The page cache on, over local memory, rendering with the test templates."""
    settings.PAGE_CACHE = True
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [TEST_TEMPLATES, *settings.TEMPLATES[0]["DIRS"]]},
    ]
    cache.clear()
    yield site_tree
    cache.clear()


@pytest.fixture
def edition(cached):
    return EditionPageFactory(parent=cached.home, year=2021, title="Édition 2021", city="Lille")


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_anonymous_second_request_is_served_from_cache_without_sql(client, edition):
    first = get(client, "/fr/2021/")
    assert first["X-Page-Cache"] == "miss"

    with CaptureQueriesContext(connection) as queries:
        second = get(client, "/fr/2021/")

    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "Édition 2021" in second.content.decode()


def test_security_headers_are_on_cached_responses_too(client, edition):
    get(client, "/fr/2021/")
    hit = get(client, "/fr/2021/")
    assert hit["X-Page-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert header in hit, header


def test_head_is_answered_from_cache_but_never_fills_it(client, edition):
    assert client.head("/fr/2021/")["X-Page-Cache"] == "pass"
    get(client, "/fr/2021/")
    assert client.head("/fr/2021/")["X-Page-Cache"] == "hit"


def test_publishing_a_change_invalidates_the_cache(client, edition, django_capture_on_commit_callbacks):
    get(client, "/fr/2021/")
    edition.city = "Roubaix"
    with django_capture_on_commit_callbacks(execute=True):
        edition.save_revision().publish()

    response = get(client, "/fr/2021/")
    assert response["X-Page-Cache"] == "miss"
    assert "Roubaix" in response.content.decode()


def test_invalidation_waits_for_the_commit(client, edition, django_capture_on_commit_callbacks):
    """A page rendered while the transaction is open must not survive its commit."""
    get(client, "/fr/2021/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edition.save_revision().publish()
        assert get(client, "/fr/2021/")["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    assert get(client, "/fr/2021/")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda edition, other: edition.unpublish(), id="unpublish"),
        pytest.param(lambda edition, other: other.move(edition, pos="last-child"), id="move"),
        pytest.param(lambda edition, other: other.delete(), id="delete"),
        pytest.param(lambda edition, other: PersonFactory(), id="snippet"),
    ],
)
def test_every_kind_of_change_starts_a_new_generation(edition, change, django_capture_on_commit_callbacks):
    other = ContentPageFactory(parent=edition.get_parent(), title="Infos")
    generation = page_cache.current_generation(cache, cache.get(page_cache.GENERATION_KEY))

    with django_capture_on_commit_callbacks(execute=True):
        change(edition, other)

    assert cache.get(page_cache.GENERATION_KEY) != generation


def test_a_registration_change_keeps_the_cache(client, edition, django_capture_on_commit_callbacks):
    """The places left are filled in at serve time: a registration empties nothing."""
    get(client, "/fr/2021/")
    generation = cache.get(page_cache.GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        registration_changed.send(sender=None, session_key=edition.translation_key)
    assert cache.get(page_cache.GENERATION_KEY) == generation
    assert get(client, "/fr/2021/")["X-Page-Cache"] == "hit"


def test_saving_a_draft_keeps_the_cache(client, edition, django_capture_on_commit_callbacks):
    """A revision saved without publishing changes nothing public."""
    get(client, "/fr/2021/")
    edition.title = "Brouillon"
    with django_capture_on_commit_callbacks(execute=True):
        edition.save_revision()
    response = get(client, "/fr/2021/")
    assert response["X-Page-Cache"] == "hit"
    assert "Brouillon" not in response.content.decode()


def test_a_render_started_before_a_change_is_never_served_after_it(rf, edition):
    """The entry keeps the generation read before rendering, not the one at the end."""
    request = rf.get("/fr/2021/")

    def render_while_content_changes(request):
        page_cache.bump_generation()  # a publish commits during the render
        response = HttpResponse("old content")
        request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
        return response

    page_cache.PageCacheMiddleware(render_while_content_changes)(request)
    fresh = page_cache.PageCacheMiddleware(lambda r: HttpResponse("new"))(rf.get("/fr/2021/"))
    assert fresh.content == b"new"


def test_logged_in_editor_is_never_served_the_cached_page(client, admin_client, edition):
    get(client, "/fr/")
    assert get(client, "/fr/")["X-Page-Cache"] == "hit"

    response = get(admin_client, "/fr/")
    assert "X-Page-Cache" not in response
    assert "Bonjour admin" in response.content.decode()
    # ... and the editor's page did not replace the anonymous one.
    assert "Bonjour" not in get(client, "/fr/").content.decode()


def test_page_reading_request_user_is_still_cached_for_anonymous_visitors(client, cached):
    first = get(client, "/fr/")
    assert "Cookie" in first["Vary"]
    assert first["X-Page-Cache"] == "miss"


def test_a_page_with_a_csrf_token_is_never_cached(client, edition):
    ContentPageFactory(parent=edition, title="Formulaire", slug="formulaire")
    first = get(client, "/fr/2021/formulaire/")
    second = get(client, "/fr/2021/formulaire/")

    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "pass"
    assert "csrfmiddlewaretoken" in second.content.decode()
    assert "csrftoken" in second.cookies


def test_a_visitor_holding_a_csrf_cookie_gets_a_fresh_form(client, edition):
    ContentPageFactory(parent=edition, title="Formulaire", slug="formulaire")
    client.cookies["csrftoken"] = "a" * 32
    assert get(client, "/fr/2021/formulaire/")["X-Page-Cache"] == "pass"


def test_password_protected_page_is_never_cached(client, edition):
    PageViewRestriction.objects.create(page=edition, restriction_type="password", password="secret")
    for _ in range(2):
        response = get(client, "/fr/2021/")
        assert response["X-Page-Cache"] == "pass"


@pytest.mark.parametrize(
    "url, status",
    [
        ("/fr/2021/?page=2", None),  # a real query string: rendered every time
        ("/fr/pas-de-page/", None),  # 404: never stored
        ("/admin/login/", None),  # the admin: not even looked up
        ("/bench/baseline/", None),  # not a Wagtail page, no language
    ],
)
def test_what_is_not_cached(client, edition, url, status):
    client.get(url)
    response = client.get(url)
    assert response.get("X-Page-Cache") in (None, "pass")


def test_tracking_parameters_share_the_plain_page_entry(client, edition):
    get(client, "/fr/2021/")
    response = get(client, "/fr/2021/?utm_source=newsletter&utm_medium=email&fbclid=x")
    assert response["X-Page-Cache"] == "hit"


def test_a_message_cookie_bypasses_the_cache(client, edition):
    get(client, "/fr/2021/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in get(client, "/fr/2021/")


def test_languages_and_hosts_have_their_own_entries(rf):
    a = page_cache.cache_key(rf.get("/fr/2021/"), "/fr/2021/", "fr")
    b = page_cache.cache_key(rf.get("/en/2021/"), "/en/2021/", "en")
    c = page_cache.cache_key(rf.get("/fr/2021/", HTTP_HOST="127.0.0.1"), "/fr/2021/", "fr")
    assert len({a, b, c}) == 3


@pytest.mark.parametrize(
    "headers, storable",
    [
        ({}, True),
        ({"Vary": "Cookie"}, True),
        ({"Vary": "Accept-Language"}, False),
        ({"Cache-Control": "private"}, False),
        ({"Cache-Control": "no-store"}, False),
        ({"Cache-Control": "max-age=0, no-cache"}, False),
    ],
)
def test_only_plain_responses_are_storable(rf, headers, storable):
    request = rf.get("/fr/")
    request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
    response = HttpResponse("page", headers=headers)
    assert page_cache.is_storable(request, response) is storable


def test_a_response_setting_any_cookie_is_not_storable(rf):
    request = rf.get("/fr/")
    request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
    response = HttpResponse("page")
    response.set_cookie("sessionid", "x")
    assert not page_cache.is_storable(request, response)


def test_cache_is_off_unless_enabled(client, settings, edition):
    settings.PAGE_CACHE = False
    assert "X-Page-Cache" not in get(client, "/fr/2021/")
