"""Hostile input never causes a server error, and every response carries the security
headers: random paths under /fr/ and /en/, query strings on real pages, the public
registration URLs, and the registration form itself. HTML in names is escaped wherever
it is shown."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home.factories import ContentPageFactory, EditionPageFactory
from programme.factories import ProgrammeDayPageFactory, RoutePageFactory, WorkshopPageFactory

FUZZ = settings(
    max_examples=60,
    database=None,  # no .hypothesis/ directory in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADERS = ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "Content-Security-Policy")


@pytest.fixture
def site(site_tree, settings):
    settings.REGISTRATION_RATE_LIMIT = 0  # the fuzzer posts from one address
    start = timezone.localdate() + dt.timedelta(days=30)
    edition = EditionPageFactory(parent=site_tree.home, year=start.year, slug="edition", start_date=start)
    day = ProgrammeDayPageFactory(parent=edition, slug="jour-1", date=start)
    workshop = WorkshopPageFactory(
        parent=day, slug="atelier", registration_required=True, capacity=10_000, people=1
    )
    route = RoutePageFactory(parent=day, slug="parcours", registration_required=True, capacity=30, stops=2)
    ContentPageFactory(parent=edition, slug="infos")
    return {"workshop": workshop, "route": route}


def assert_sound(response, url):
    assert response.status_code < 500, (url, response.status_code)
    for header in HEADERS:
        if header == "Content-Security-Policy" and url.startswith("/admin/"):
            continue
        assert header in response, (url, header)


# --- Strategies ---------------------------------------------------------------------

KNOWN_SEGMENTS = ["edition", "jour-1", "atelier", "parcours", "infos", "inscriptions", "seance", "moi", ".."]
raw_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
percent_bytes = st.binary(min_size=1, max_size=12).map(lambda data: "".join(f"%{b:02X}" for b in data))
segment = st.one_of(
    st.sampled_from(KNOWN_SEGMENTS),
    raw_text.map(lambda text: quote(text, safe="")),
    percent_bytes,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.just("x" * 3000),
)
paths = st.tuples(
    st.sampled_from(["/fr/", "/en/", "/", "/fr/inscriptions/"]),
    st.lists(segment, max_size=6),
    st.booleans(),
).map(lambda parts: parts[0] + "/".join(parts[1]) + ("/" if parts[2] and parts[1] else ""))
query_strings = st.lists(
    st.tuples(st.one_of(raw_text, percent_bytes), st.one_of(raw_text, percent_bytes, st.just("\x00"))),
    max_size=5,
).map(lambda pairs: "&".join(f"{quote(k, safe='%')}={quote(v, safe='%')}" for k, v in pairs))


# --- URLs ---------------------------------------------------------------------------


@FUZZ
@given(path=paths)
def test_random_paths_never_fail(client, site, path):
    response = client.get(path)
    assert_sound(response, path)


@FUZZ
@given(
    page=st.sampled_from(
        ["/fr/", "/en/", "/fr/edition/", "/fr/edition/jour-1/", "/fr/edition/jour-1/atelier/"]
    ),
    query=query_strings,
)
def test_random_query_strings_on_real_pages_never_fail(client, site, page, query):
    url = f"{page}?{query}"
    response = client.get(url)
    assert_sound(response, url)


@FUZZ
@given(
    template=st.sampled_from(
        [
            "/fr/inscriptions/seance/{}/",
            "/fr/inscriptions/resultat/{}/",
            "/en/inscriptions/moi/{}/",
            "/fr/inscriptions/moi/{}/calendrier.ics",
            "/fr/inscriptions/moi/{}/annuler/00000000-0000-4000-8000-000000000000/",
        ]
    ),
    value=st.one_of(
        st.integers(min_value=0, max_value=2**70).map(str),
        raw_text.map(lambda t: quote(t, safe="")),
        percent_bytes,
    ),
)
def test_registration_urls_never_fail(client, site, template, value):
    url = template.format(value)
    assert_sound(client.get(url), url)


# --- The registration form ----------------------------------------------------------

field_text = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "\x00",
            "a\x00b",
            '=HYPERLINK("http://x")',
            "x" * 5000,
            "Ada",
            "ada@example.org",
            "é" * 101,
            "\u202eevil",
        ]
    ),
)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "first_name": field_text,
            "last_name": field_text,
            "email": st.one_of(field_text, st.emails().map(str)),
            "organisation": field_text,
            "consent": st.sampled_from(["on", "", "1", "\x00"]),
            "website": st.sampled_from(["", "", "http://spam.example"]),
            "submission_key": st.one_of(st.just(""), field_text),
        }
    ),
    which=st.sampled_from(["workshop", "route"]),
)
def test_registration_form_never_fails(client, site, data, which):
    url = f"/fr/inscriptions/seance/{site[which].pk}/"
    response = client.post(url, data)
    assert_sound(response, url)
    assert response.status_code in (200, 302, 400, 409, 429), response.status_code


def test_html_in_names_is_escaped_on_pages_and_in_emails(
    client, site, django_capture_on_commit_callbacks, run_tasks
):
    evil = '<script>alert("x")</script>'
    url = f"/fr/inscriptions/seance/{site['workshop'].pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "first_name": evil,
                "last_name": evil,
                "email": "ada@example.org",
                "organisation": evil,
                "consent": "on",
                "submission_key": "k1",
            },
        )
    run_tasks()
    assert response.status_code == 302, response.content.decode()[:2000]
    result = client.get(response["Location"])
    assert result.status_code == 200
    assert evil not in result.content.decode()

    assert mail.outbox, "a confirmation e-mail"
    message = mail.outbox[-1]
    for body, _type in [(message.body, "text/plain"), *getattr(message, "alternatives", [])]:
        if _type == "text/html":
            assert evil not in body
    personal = re.search(r"https?://[^/\s]+(/\S*/inscriptions/moi/[^/\s]+/)", message.body)
    if personal:
        page = client.get(personal.group(1))
        assert page.status_code == 200
        assert evil not in page.content.decode()


@pytest.mark.parametrize(
    "url", ["/fr/inscriptions/moi/%00/", "/fr/edition/?q=%00", "/fr/edition/?a%00=1", "/fr/%00/"]
)
def test_nul_characters_in_urls_are_refused_cleanly(client, site, url):
    """PostgreSQL refuses NUL in strings: a NUL reaching a query would be a 500."""
    response = client.get(url)
    assert response.status_code == 400
    assert_sound(response, url)
