"""Check-in codes and their QR codes.

Every registration has its own ``check_in_code`` (models.new_check_in_code): ten random
characters of Crockford's base 32 (50 bits), unrelated to the attendee's personal token.
The QR code carries the URL of the check-in screen for that code
(``/admin/jour-j/code/<code>/``): a volunteer's camera app opens it directly, the
screen's scanner reads the code out of it, and for anyone not signed in with check-in
rights it is a login page. The code itself opens nothing public: it cannot cancel, read
or change a registration; the personal token cannot check anyone in.

People read and type the code in two groups of five (``K7M2Q-9XDAB``); ``normalise``
accepts it in any case, with spaces or dashes, and with the letters people confuse with
digits (O, I, L).

QR codes are drawn on the server by segno (pure Python): inline SVG for pages, PNG for
the e-mail attachment. No network, no JavaScript.
"""

import io
import re

import segno
from django.urls import reverse

from .models import CHECK_IN_ALPHABET, CHECK_IN_CODE_LENGTH
from .sessions import absolute_url

_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE = re.compile(f"^[{CHECK_IN_ALPHABET}]{{{CHECK_IN_CODE_LENGTH}}}$")


def normalise(text):
    """The code typed or scanned in ``text`` (alone, or at the end of a URL), or ""."""
    text = (text or "")[:300].strip().rstrip("/").rsplit("/", 1)[-1]
    code = re.sub(r"[\s-]", "", text).upper().translate(_CONFUSABLE)
    return code if _CODE.match(code) else ""


def display(code):
    """``K7M2Q-9XDAB``: what a person reads and types."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CHECK_IN_CODE_LENGTH else code


def scan_url(code):
    """What the QR code says: the check-in screen's URL for this code."""
    return absolute_url(reverse("registrations_checkin:code", args=[code]))


def qr_svg(data, *, title, scale=4):
    """An inline ``<svg>`` of ``data`` with a text alternative (its ``<title>``)."""
    qr = segno.make(data, error="m")
    svg = qr.svg_inline(scale=scale, border=4, title=title, svgclass="qr", lineclass="qr__line")
    return svg.replace("<svg ", '<svg role="img" ', 1)


def qr_png(data, scale=8):
    qr = segno.make(data, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
