"""QR codes and check-in codes in templates: ``{% check_in_qr registration %}`` (inline
SVG, drawn on the server), ``{{ code|check_in_display }}``, ``{% page_qr url %}``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import codes

register = template.Library()


@register.filter
def check_in_display(code):
    return codes.display(code or "")


@register.simple_tag
def check_in_qr(registration, scale=4):
    code = codes.display(registration.check_in_code)
    title = _("QR code de pointage, code %(code)s") % {"code": code}
    # segno escapes the title; the data is our own URL.
    return mark_safe(codes.qr_svg(codes.scan_url(registration.check_in_code), title=title, scale=scale))  # noqa: S308


@register.simple_tag
def page_qr(url, label, scale=3):
    """The QR code of a public page's address (``label`` is its text alternative)."""
    if not url:
        return ""
    return format_html("{}", mark_safe(codes.qr_svg(url, title=label, scale=scale)))  # noqa: S308
