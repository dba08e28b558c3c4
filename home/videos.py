"""Replays embedded with respect for the visitor: which video providers may be embedded,
in their privacy-enhanced mode, and what the Content-Security-Policy allows.

A video block (home/blocks.py) shows a placeholder with the video's title and duration;
nothing is loaded from the provider until the visitor clicks "Lire la vidéo"
(static/js/companion.js then puts the player's frame in its place). The frame's address
is the provider's privacy-enhanced player:

- YouTube: ``www.youtube-nocookie.com/embed/<id>`` (no cookie before playing);
- Vimeo: ``player.vimeo.com/video/<id>?dnt=1`` ("do not track");
- PeerTube: ``<instance>/videos/embed/<id>`` (no tracking), for the instances listed.

Only the providers of ``VIDEO_PROVIDERS`` (default ``youtube,vimeo``) and the PeerTube
instances of ``VIDEO_PEERTUBE_HOSTS`` are embedded; the CSP's ``frame-src`` lists their
player origins and nothing else (portal/middleware.py). A video anywhere else is shown
as a link to it.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
NUMERIC_ID = re.compile(r"^[0-9]{1,15}$")
PEERTUBE_ID = re.compile(r"^[A-Za-z0-9-]{6,40}$")


@dataclass(frozen=True)
class Embed:
    provider: str  # the name shown to visitors ("YouTube")
    url: str  # the player's address, privacy-enhanced
    origin: str  # what frame-src must allow


def _youtube(parts):
    host = parts.hostname
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "youtu.be":
        video = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        video = parse_qs(parts.query).get("v", [""])[0]
    elif segments[:1] in (["embed"], ["live"], ["shorts"]) and len(segments) > 1:
        video = segments[1]
    else:
        return None
    if not YOUTUBE_ID.match(video):
        return None
    origin = "https://www.youtube-nocookie.com"
    return Embed("YouTube", f"{origin}/embed/{video}?autoplay=1", origin)


def _vimeo(parts):
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.hostname == "player.vimeo.com":
        segments = segments[1:] if segments[:1] == ["video"] else []
    video = segments[0] if segments else ""
    if not NUMERIC_ID.match(video):
        return None
    origin = "https://player.vimeo.com"
    return Embed("Vimeo", f"{origin}/video/{video}?dnt=1&autoplay=1", origin)


def _peertube(parts):
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments[:1] == ["w"] and len(segments) == 2:
        video = segments[1]
    elif segments[:2] in (["videos", "watch"], ["videos", "embed"]) and len(segments) == 3:
        video = segments[2]
    else:
        return None
    if not PEERTUBE_ID.match(video):
        return None
    origin = f"https://{parts.hostname}"
    return Embed("PeerTube", f"{origin}/videos/embed/{video}?autoplay=1&warningTitle=0", origin)


PROVIDERS = {
    "youtube": ({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}, _youtube),
    "vimeo": ({"vimeo.com", "www.vimeo.com", "player.vimeo.com"}, _vimeo),
}


def enabled_providers():
    return [name for name in getattr(settings, "VIDEO_PROVIDERS", ["youtube", "vimeo"]) if name in PROVIDERS]


def peertube_hosts():
    return [host.lower() for host in getattr(settings, "VIDEO_PEERTUBE_HOSTS", []) if host]


def embed_for(url):
    """The privacy-enhanced Embed of the video at ``url``, or None when its provider is
    not one we embed (or the address is not a video's)."""
    try:
        parts = urlsplit(str(url or "").strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    for name in enabled_providers():
        hosts, parse = PROVIDERS[name]
        if host in hosts:
            return parse(parts)
    if host in peertube_hosts():
        return _peertube(parts)
    return None


def frame_sources():
    """The player origins the CSP's frame-src allows: the enabled providers' only."""
    origins = {"youtube": "https://www.youtube-nocookie.com", "vimeo": "https://player.vimeo.com"}
    return [origins[name] for name in enabled_providers()] + [f"https://{host}" for host in peertube_hosts()]


def duration_label(minutes):
    """ "1 h 05" for 65 minutes, "45 min" for 45; "" when unknown."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"
