"""Admin views of the organisers' messages (registrations managers only): the record
of messages sent, one message's record, and the form "Écrire aux inscrits" with its
preview per language and its recipient count."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from programme.models import WorkshopPage

from ..admin_views import URL_NAMESPACE, session_or_404
from ..models import Attendee, EmailIntroductions, Message, OutgoingEmail, Registration, SessionNotice
from ..notices import describe_changes, introduction, render_message
from ..permissions import can_cancel_session, can_view_personal_data, require_manager
from ..sessions import absolute_url, describe_when
from . import changes, recipients
from .cancellation import cancel_session, live_registrations
from .forms import MessageForm
from .sending import send_message

PREVIEW_LINK = "…/inscriptions/moi/…"


def url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


class TrailMixin(WagtailAdminTemplateMixin):
    """Breadcrumbs "Accueil › Messages aux inscrit·es › this page": the admin's header
    shows the last one (the page title) on every screen width."""

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.get_page_title() != _("Messages aux inscrit·es"):
            items.append({"url": url("messages"), "label": _("Messages aux inscrit·es")})
        return [*items, {"url": "", "label": self.get_page_title()}]


class ManagerView(TrailMixin, TemplateView):
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        require_manager(request)
        return super().dispatch(request, *args, **kwargs)


class MessageIndexView(ManagerView):
    template_name = "registrations/admin/messages/index.html"
    page_title = gettext_lazy("Messages aux inscrit·es")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["messages_sent"] = Message.objects.select_related("author")[:200]
        return context


class MessageDetailView(ManagerView):
    template_name = "registrations/admin/messages/detail.html"

    def get_page_title(self):
        return self.message.subject_fr

    def get_page_subtitle(self):
        return _("Message aux inscrit·es")

    def dispatch(self, request, *args, **kwargs):
        self.message = get_object_or_404(Message.objects.select_related("author"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"message": self.message}


def previews(data):
    """[(language label, subject, body)] as a French and an English recipient see it."""
    draft = Message(
        subject_fr=data["subject_fr"],
        body_fr=data["body_fr"],
        subject_en=data.get("subject_en", ""),
        body_en=data.get("body_en", ""),
    )
    sample = Attendee(first_name="Camille")
    return [
        (label, *render_message(draft, sample, language, link=PREVIEW_LINK))
        for language, label in (("fr", _("En français")), ("en", _("En anglais")))
    ]


class ComposeView(ManagerView):
    """GET: the form. POST "preview": the form again with the previews and the count,
    and the button that sends. POST "send": records and queues, once per form."""

    template_name = "registrations/admin/messages/compose.html"
    page_title = gettext_lazy("Écrire aux inscrit·es")

    def get(self, request, *args, **kwargs):
        initial = {"target": request.GET.get("target", "")}
        return self.render_to_response(self.get_context_data(form=MessageForm(initial=initial)))

    def post(self, request, *args, **kwargs):
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        if request.POST.get("action") != "send":
            context = self.get_context_data(
                form=form,
                previews=previews(data),
                count=recipients.count(data["selection"]),
                selection=data["selection"],
            )
            return self.render_to_response(context)
        message, created = send_message(
            author=request.user,
            selection=data["selection"],
            subject_fr=data["subject_fr"],
            body_fr=data["body_fr"],
            subject_en=data["subject_en"],
            body_en=data["body_en"],
            idempotency_key=data["idempotency_key"],
        )
        if created:
            messages.success(
                request, _("Message enregistré : il part maintenant, une personne après l'autre.")
            )
        else:
            messages.warning(request, _("Ce message a déjà été envoyé : il ne part pas une seconde fois."))
        return redirect(url("message", message.pk))


# --- A session cancelled -------------------------------------------------------------


class CancelSessionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Message aux inscrit·es"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Quelques mots, en français ou dans les deux langues : ils figurent dans l'e-mail "
            "d'annulation envoyé à chaque personne."
        ),
    )


def unpublish_everywhere(page, user):
    """Unpublish the French page and its translations, as Wagtail's own view does."""
    for version in [page, *page.get_translations().live().specific()]:
        if version.live:
            UnpublishPageAction(version, user=user).execute(skip_permission_checks=True)


class CancelSessionView(TrailMixin, TemplateView):
    """Ask for a short message, then cancel the session's registrations (and unpublish
    it when coming from "Dépublier")."""

    template_name = "registrations/admin/messages/cancel_session.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.info = session_or_404(kwargs["key"])
        if not can_cancel_session(request.user, self.info.page):
            raise PermissionDenied
        self.unpublish = request.GET.get("unpublish") == "1" or request.POST.get("unpublish") == "1"
        if self.unpublish and not self.info.page.permissions_for_user(request.user).can_unpublish():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Annuler la séance")

    def get_page_subtitle(self):
        return self.info.page.numbered_title

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "info": self.info,
            "when": describe_when(self.info),
            "count": live_registrations(self.info.key).count(),
            "unpublish": self.unpublish,
            "form": kwargs.get("form") or CancelSessionForm(),
        }

    def post(self, request, *args, **kwargs):
        form = CancelSessionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        count = cancel_session(
            self.info.key, note=form.cleaned_data["note"], now=timezone.now(), user=request.user
        )
        messages.success(
            request,
            ngettext(
                "Séance annulée : %(count)s personne est prévenue par e-mail.",
                "Séance annulée : %(count)s personnes sont prévenues par e-mail.",
                count,
            )
            % {"count": count},
        )
        if self.unpublish:
            unpublish_everywhere(self.info.page, request.user)
            return redirect("wagtailadmin_explore", self.info.page.get_parent().pk)
        return redirect(reverse(f"{URL_NAMESPACE}:session", args=[self.info.key]))

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())


# --- A change notice due -------------------------------------------------------------


class ChangeNoticeView(TrailMixin, TemplateView):
    """The publishing editor's choice about a due change notice: tell the registrants
    (the default) or not. Whoever may publish the session, or a registrations manager."""

    template_name = "registrations/admin/messages/change_notice.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        self.info = session_or_404(kwargs["key"])
        page_permissions = self.info.page.permissions_for_user(request.user)
        if not (can_view_personal_data(request.user) or page_permissions.can_publish()):
            raise PermissionDenied
        self.notice = SessionNotice.objects.filter(session_key=self.info.key).first()
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Prévenir les inscrit·es du changement")

    def get_page_subtitle(self):
        return self.info.page.numbered_title

    def get_context_data(self, **kwargs):
        due = self.notice is not None and self.notice.due_at is not None
        return super().get_context_data(**kwargs) | {
            "info": self.info,
            "due": due,
            "notice": self.notice,
            "count": changes.pending_count(self.info.key) if due else 0,
            "changes": describe_changes(
                changes.differences(self.notice.notified, changes.snapshot(self.info.page, self.info.day)),
                translation.get_language(),
            )
            if due
            else [],
        }

    def post(self, request, *args, **kwargs):
        silent = request.POST.get("notify") != "1"
        if changes.set_silent(self.info.key, silent):
            if silent:
                messages.success(request, _("Les inscrit·es ne seront pas prévenu·es de ce changement."))
            else:
                messages.success(request, _("Les inscrit·es seront prévenu·es de ce changement."))
        else:
            messages.warning(request, _("Aucune annonce n'est en attente pour cette séance."))
        return redirect("wagtailadmin_pages:edit", self.info.page.pk)


# --- The e-mails' introductions: preview ---------------------------------------------

INTRODUCTIONS_PERMISSION = "registrations.change_emailintroductions"


def sample_context(kind, language):
    """What a sample recipient's e-mail of ``kind`` shows, for the preview."""
    attendee = Attendee(first_name="Camille")
    return {
        "attendee": attendee,
        "registration": Registration(status=Registration.Status.CONFIRMED, attendee=attendee),
        "session": WorkshopPage(title=_("Atelier d'exemple"), number=3),
        "session_url": absolute_url("/…/"),
        "when": _("lundi 29 novembre, 14:00 – 16:00"),
        "where": "Halle basse 1, Bazaar St So",
        "restricted": False,
        "position": 3,
        "personal_url": absolute_url(f"/{language}/…/"),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "edition": None,
        "introduction": introduction(kind, language),
        "changes": [(_("Début :"), "14:00", "14:30")],
        "note": _("Le message des organisateurs."),
    }


def render_sample(kind, language):
    with translation.override(language):
        context = sample_context(kind, language)
        subject = render_to_string(f"registrations/emails/{kind}_subject.txt", context)
        return " ".join(subject.split()), render_to_string(f"registrations/emails/{kind}.txt", context)


class IntroductionsPreviewView(TrailMixin, TemplateView):
    """Each e-mail as a French and an English recipient get it, with the team's
    introductions as saved in the setting "Textes des e-mails"."""

    template_name = "registrations/admin/messages/introductions_preview.html"
    page_title = gettext_lazy("Aperçu des e-mails")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not (can_view_personal_data(request.user) or request.user.has_perm(INTRODUCTIONS_PERMISSION)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        labels = dict(OutgoingEmail.Kind.choices)
        return super().get_context_data(**kwargs) | {
            "samples": [
                (labels[kind], [(language, *render_sample(kind, language)) for language in ("fr", "en")])
                for kind in EmailIntroductions.KINDS
            ]
        }
