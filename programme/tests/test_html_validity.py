"""Every public page type, in French and English, is valid HTML for the Nu Html Checker
(vnu, from the npm package ``vnu-jar``, run on Java 17). Marked ``browser``: it needs the
Node and Java tools that ``make test`` installs (``npm ci``, Debian's Java); where they are
missing it is skipped with the reason, and CI (REQUIRE_BROWSER_TESTS) fails on that skip."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def pages(site):
    en = site.en
    return {
        "home": ("/fr/", "/en/"),
        "edition": (site.edition.url, en.edition.url),
        "edito": (site.edito.url, en.edito.url),
        "day": (site.day.url, en.day.url),
        "rooms": (f"{site.day.url}par-salle/", f"{en.day.url}by-room/"),
        "door-sign": (
            f"{site.day.url}par-salle/halle-basse-2-bazaar-st-so/",
            f"{en.day.url}by-room/halle-basse-2-bazaar-st-so/",
        ),
        "session": (site.plenary.url, en.plenary.url),
        "route": (site.route.url, en.route.url),
        "route-unmapped": (site.route_unmapped.url, en.route_unmapped.url),
        "content": (site.practical.url, en.practical.url),
        "partners": (site.partners.url, en.partners.url),
        "partner": (site.organiser.url, en.organiser.url),
        "search": ("/fr/recherche/?q=plénière", "/en/search/?q=plenary"),
        "404": (f"{site.day.url}inconnu/", f"{en.day.url}unknown/"),
    }


def test_every_public_page_is_valid_html(client, visitor_site, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.skip(
            "Java is not installed (the Nu Html Checker runs on it: apt-get install openjdk-17-jre-headless)"
        )
    if not VNU_JAR.is_file():
        pytest.skip(f"the Nu Html Checker is not installed ({VNU_JAR}: npm ci)")
    files = []
    for name, urls in pages(visitor_site).items():
        for language, url in zip(("fr", "en"), urls, strict=True):
            response = client.get(url)
            assert response.status_code == (404 if name == "404" else 200), url
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(response.content)  # as served, before any script runs
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
