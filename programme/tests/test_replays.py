"""Replays (home/videos.py, home/replays.py): a placeholder with the title and duration,
the provider's privacy-enhanced player only after a click, a CSP that frames the
configured players only, slides beside the video, and the edition's "Replays" page in
programme order; on public pages in both languages."""

import json
import re

import pytest
import wagtail_factories

from home.videos import duration_label, embed_for, frame_sources
from portal.middleware import content_security_policy

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"


def video(url, title, duration=None, documents=()):
    return {
        "type": "video",
        "value": {"video": url, "title": title, "duration": duration, "documents": list(documents)},
    }


def set_body(page, *blocks):
    page = type(page).objects.get(pk=page.pk)  # the module's objects outlive each test's savepoint
    page.body = json.dumps(list(blocks))
    page.save_revision().publish()


@pytest.fixture
def replays(visitor_site):
    """The plenary (both languages) and workshop 2 (French) get a replay; the plenary its slides."""
    site = visitor_site
    slides = wagtail_factories.DocumentFactory(title="Diaporama de la plénière", file__filename="slides.pdf")
    set_body(site.plenary, video(YOUTUBE, "Replay de la plénière", 92, [slides.pk]))
    set_body(site.en.plenary, video(YOUTUBE, "Replay of the plenary", 92, [slides.pk]))
    set_body(site.workshop2, video(VIMEO, "Replay de l'atelier 2", 45))
    return site


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (YOUTUBE, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        (
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (VIMEO, "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
        ),
    ],
)
def test_known_providers_get_their_privacy_enhanced_player(url, player):
    assert embed_for(url).url == player


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "javascript:alert(1)",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=<script>",
        "https://www.youtube.com/channel/xyz",
        "https://vimeo.com/not-a-number",
        "https://[::1",
        "https://peertube.example.org/w/abcdefgh12",
    ],
)
def test_anything_else_is_not_embedded(url):
    assert embed_for(url) is None


def test_peertube_and_the_csp_follow_the_settings(settings):
    settings.VIDEO_PROVIDERS = ["vimeo"]
    settings.VIDEO_PEERTUBE_HOSTS = ["peertube.example.org"]
    assert embed_for(YOUTUBE) is None
    assert embed_for("https://peertube.example.org/w/abcdefgh12").url.startswith(
        "https://peertube.example.org/videos/embed/abcdefgh12"
    )
    assert frame_sources() == ["https://player.vimeo.com", "https://peertube.example.org"]
    frame_src = re.search(r"frame-src ([^;]*)", content_security_policy()).group(1)
    assert frame_src.split() == ["https://player.vimeo.com", "https://peertube.example.org"]
    settings.VIDEO_PROVIDERS = []
    settings.VIDEO_PEERTUBE_HOSTS = []
    assert "frame-src 'none'" in content_security_policy()


def test_the_default_csp_frames_only_the_privacy_enhanced_players(client, site_tree):
    frame_src = re.search(r"frame-src ([^;]*)", client.get("/fr/")["Content-Security-Policy"]).group(1)
    assert frame_src.split() == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def test_durations_read_as_people_say_them():
    assert [duration_label(value) for value in (None, 0, 45, 60, 92)] == [
        "",
        "",
        "45 min",
        "1 h 00",
        "1 h 32",
    ]


def test_the_session_page_shows_a_placeholder_not_a_player(client, replays):
    html = client.get(replays.plenary.url).content.decode()
    assert "<iframe" not in html and "youtube.com/watch" in html  # the link, for readers without script
    assert "Replay de la plénière" in html and "Durée : 1 h 32" in html
    button = re.search(r"<button[^>]*data-video-src=\"([^\"]+)\"[^>]*hidden>", html)
    assert button.group(1) == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert "Lire la vidéo" in html and "Diffusée par YouTube" in html
    # The slides beside it.
    assert "Diaporama et documents" in html and "Diaporama de la plénière" in html and "(PDF)" in html


def test_the_english_page_in_english(client, replays):
    html = client.get(replays.en.plenary.url).content.decode()
    assert "Replay of the plenary" in html and "Duration: 1 h 32" in html
    assert "Play the video" in html and "Hosted by YouTube" in html and "Slides and documents" in html


def test_a_video_we_do_not_embed_is_a_link(client, replays, settings):
    settings.VIDEO_PROVIDERS = ["youtube"]
    html = client.get(replays.workshop2.url).content.decode()
    assert "data-video-src" not in html and 'href="https://vimeo.com/76979871"' in html


def test_the_replays_page_lists_the_sessions_with_one_in_programme_order(client, replays):
    html = client.get(replays.edition.url + "replays/").content.decode()
    titles = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', html)
    assert titles == ["Plénière inspirante", "2. Outils numériques et émancipation"]
    assert "Replay de la plénière" in html and "(1 h 32)" in html and "1 document" in html
    english = client.get(replays.en.edition.url + "replays/").content.decode()
    assert re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', english) == [
        "Inspiring plenary"
    ]
    assert "Replay of the plenary" in english


def test_an_edition_without_replays_says_so(client, visitor_site):
    html = client.get(visitor_site.edition.url + "replays/").content.decode()
    assert "Aucun replay pour l'instant" in html
    assert (
        f'href="{visitor_site.edition.url}replays/"' in client.get(visitor_site.edition.url).content.decode()
    )
