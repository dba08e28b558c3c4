"""The companion's new pages (issue 18), in French and English, are valid HTML for the
Nu Html Checker, as served: now and next, Mon programme, replays, places and people, the
feedback form. Same tools and skips as test_html_validity.py."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from home.companion import short_key
from programme import now as clock
from programme.places.views import person_url, venue_url
from programme.tests.test_html_validity import VNU_JAR
from programme.tests.test_now import at
from programme.tests.test_replays import YOUTUBE, set_body, video

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def pages(site):
    en = site.en
    both = f"?s={short_key(site.workshop1.translation_key)}.{short_key(site.workshop2.translation_key)}"
    yael = site.plenary.speakers.first().person
    return {
        "day-now": (site.day.url, en.day.url),
        "edition-now": (site.edition.url, en.edition.url),
        "my-programme": (f"{site.edition.url}mon-programme/{both}", f"{en.edition.url}my-programme/{both}"),
        "my-programme-empty": (f"{site.edition.url}mon-programme/", f"{en.edition.url}my-programme/"),
        "shared": (
            f"{site.edition.url}mon-programme/?p={both[3:]}",
            f"{en.edition.url}my-programme/?p={both[3:]}",
        ),
        "replays": (f"{site.edition.url}replays/", f"{en.edition.url}replays/"),
        "session-replay": (site.plenary.url, en.plenary.url),
        "places": ("/fr/lieux/?q=lille", "/en/places/?q=lille"),
        "venue": (
            venue_url(site.venues.bazaar),
            venue_url(site.venues.bazaar).replace("/fr/lieux/", "/en/places/"),
        ),
        "person": (person_url(yael), person_url(yael).replace("/fr/personnes/", "/en/people/")),
        "feedback": (
            f"/fr/inscriptions/avis/seance/{site.plenary.pk}/",
            f"/en/inscriptions/avis/seance/{en.plenary.pk}/",
        ),
    }


def test_every_new_page_is_valid_html(client, visitor_site, tmp_path, monkeypatch):
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed (apt-get install openjdk-17-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.skip(f"the Nu Html Checker is not installed ({VNU_JAR}: npm ci)")
    monkeypatch.setattr(clock, "current_time", lambda: at(14, 30))
    set_body(visitor_site.plenary, video(YOUTUBE, "Replay de la plénière", 92))
    set_body(visitor_site.en.plenary, video(YOUTUBE, "Replay of the plenary", 92))
    files = []
    for name, urls in pages(visitor_site).items():
        for language, url in zip(("fr", "en"), urls, strict=True):
            response = client.get(url)
            assert response.status_code == 200, url
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(response.content)
            files.append(str(path))
    result = subprocess.run(  # noqa: S603 - fixed program, our own files
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages
    ]
    assert problems == [], "\n".join(problems)
