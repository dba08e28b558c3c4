"""What ``wagtail_hooks.py`` registers for the organisers' messages, change notices and
cancelled sessions: their admin URLs (in the registrations viewset's namespace) and
the page hooks."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin import messages

from programme.models import SessionPage

from ..admin_views import URL_NAMESPACE
from ..models import SessionNotice
from ..sessions import default_language
from . import admin_views, changes
from .cancellation import live_registrations


def urlpatterns():
    return [
        path("messages/", admin_views.MessageIndexView.as_view(), name="messages"),
        path("messages/nouveau/", admin_views.ComposeView.as_view(), name="compose"),
        path("messages/<int:pk>/", admin_views.MessageDetailView.as_view(), name="message"),
        path("seance/<uuid:key>/annuler/", admin_views.CancelSessionView.as_view(), name="cancel_session"),
        path("seance/<uuid:key>/changement/", admin_views.ChangeNoticeView.as_view(), name="change_notice"),
        path("apercu-des-emails/", admin_views.IntroductionsPreviewView.as_view(), name="email_preview"),
    ]


def ask_before_unpublishing(request, page):
    """``before_unpublish_page``: a French session page with live registrations is
    not unpublished at once; the editor is sent to the form that asks for a message
    to them and cancels their registrations (then unpublishes)."""
    page = page.specific
    if not isinstance(page, SessionPage) or page.locale.language_code != default_language():
        return None
    if not live_registrations(page.translation_key).exists():
        return None
    target = reverse(f"{URL_NAMESPACE}:cancel_session", args=[page.translation_key])
    return redirect(f"{target}?unpublish=1")


def tell_the_publisher(request, page):
    """``after_publish_page``: when the publication makes a change notice due, say how
    many registrants it concerns, and offer not to tell them."""
    page = page.specific
    if not isinstance(page, SessionPage) or page.locale.language_code != default_language():
        return
    notice = SessionNotice.objects.filter(session_key=page.translation_key, due_at__isnull=False).first()
    if notice is None:
        return
    count = changes.pending_count(page.translation_key)
    minutes = int(changes.NOTICE_DELAY.total_seconds() // 60)
    text = ngettext(
        "Ce changement concerne %(count)s inscrit·e : un e-mail le lui annoncera dans %(minutes)s minutes, "
        "avec l'entrée d'agenda mise à jour (les changements publiés d'ici là sont regroupés).",
        "Ce changement concerne %(count)s inscrit·es : un e-mail le leur annoncera dans %(minutes)s minutes, "
        "avec l'entrée d'agenda mise à jour (les changements publiés d'ici là sont regroupés).",
        count,
    ) % {"count": count, "minutes": minutes}
    link = reverse(f"{URL_NAMESPACE}:change_notice", args=[page.translation_key])
    messages.warning(request, text, buttons=[messages.button(link, _("Choisir de prévenir ou non"))])
