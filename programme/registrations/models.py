"""Who registered for what.

A session (WorkshopPage or RoutePage) exists in French and in English; both versions share
one ``translation_key``, and that key, not a page id, identifies the session here: the two
languages share one capacity and one list. The French (source) page is also linked for
convenience; its settings are the ones that count.

- ``Attendee``: one person (one normalised e-mail) for one edition, with the unguessable
  token of their personal link.
- ``Registration``: one attendee's place (or wait) in one session.
- ``SessionQuota``: one row per session, locked while registering so that the count and
  the write cannot interleave; it also hands out arrival numbers.
- ``OutgoingEmail``: every message is recorded (and its sending queued) in the transaction
  of the change it reports, so a failing mail server never loses one; the row is also what
  makes sending happen once (see emails.py).

Business rules live in the ``services`` package; these models only hold data.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def new_token():
    return secrets.token_urlsafe(32)


# Crockford's base 32: no I, L, O, U, so a code read aloud or typed is unambiguous.
CHECK_IN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_IN_CODE_LENGTH = 10  # 50 random bits


def new_check_in_code():
    """The code of a registration's QR code (see codes.py): random, not the token."""
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


class Attendee(models.Model):
    """A person registering for one or more sessions of one edition."""

    edition_key = models.UUIDField(_("édition"), db_index=True)
    email = models.EmailField(_("e-mail"), max_length=254)
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    organisation = models.CharField(_("structure"), max_length=200, blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    token = models.CharField(_("jeton du lien personnel"), max_length=64, unique=True, default=new_token)
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·es")
        constraints = [
            models.UniqueConstraint(
                fields=["edition_key", "email"], name="registrations_attendee_unique_email"
            ),
        ]

    def __str__(self):
        return self.full_name or str(_("Anonyme"))

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class Registration(models.Model):
    """One attendee's place, or wait, in one session."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmée")
        WAITING = "waiting", _("En liste d'attente")
        CANCELLED = "cancelled", _("Annulée")
        # The session itself was cancelled (messaging/cancellation.py): nobody freed a place.
        CANCELLED_BY_ORGANISERS = "called_off", _("Annulée par les organisateurs")

    LIVE_STATUSES = (Status.CONFIRMED, Status.WAITING)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attendee = models.ForeignKey(
        Attendee, verbose_name=_("participant·e"), on_delete=models.CASCADE, related_name="registrations"
    )
    session_key = models.UUIDField(_("séance (clé)"), db_index=True)
    edition_key = models.UUIDField(_("édition (clé)"), db_index=True)
    session = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("séance"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La version française de la séance."),
    )
    edition = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("édition"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, db_index=True)
    # Arrival order within the session, handed out under the session lock; the waiting-list
    # position is the rank among waiting registrations, so it never has gaps.
    sequence = models.PositiveIntegerField(_("ordre d'arrivée"))
    language = models.CharField(_("langue"), max_length=8, default="fr")
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    # Idempotency: a double-click posts the same form twice with the same key.
    submission_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("inscrit·e le"))
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("présent·e depuis"), null=True, blank=True)
    # On the day (checkin/): what the QR code carries, and people added at the door.
    check_in_code = models.CharField(
        _("code de pointage"), max_length=16, unique=True, default=new_check_in_code, editable=False
    )
    walk_in = models.BooleanField(_("inscrit·e sur place"), default=False)
    # A freed place offered to this waiting person until then (services/offers.py): it
    # holds the place until accepted, or until the offer expires and passes on.
    offered_until = models.DateTimeField(_("place proposée jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["session_key", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["session_key", "attendee"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="registrations_one_live_per_session",
            ),
            models.UniqueConstraint(fields=["session_key", "sequence"], name="registrations_unique_sequence"),
        ]
        indexes = [models.Index(fields=["session_key", "status"], name="registrations_session_status")]
        permissions = [
            ("view_personal_data", _("Voir les données personnelles des inscrit·es")),
            ("check_in", _("Pointer les participant·es le jour J")),
        ]

    def __str__(self):
        return f"{self.attendee} – {self.get_status_display()}"

    @property
    def is_live(self):
        return self.status in self.LIVE_STATUSES

    def waiting_position(self):
        """1 for the first person waiting; None when not waiting. Never has gaps (a
        query; for many registrations at once, services.waiting_list.waiting_positions)."""
        if self.status != self.Status.WAITING:
            return None
        earlier = Registration.objects.filter(
            session_key=self.session_key, status=self.Status.WAITING, sequence__lt=self.sequence
        )
        return earlier.count() + 1


class SessionQuota(models.Model):
    """The row locked while registering for a session (see services/base.py)."""

    session_key = models.UUIDField(primary_key=True)
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("compteur de séance")
        verbose_name_plural = _("compteurs de séance")

    def __str__(self):
        return str(self.session_key)


class OutgoingEmail(models.Model):
    """A message to send, recorded in the same transaction as the change it reports.

    The task worker renders and sends it (emails.send_email); on failure it stays
    pending and the task is retried later. ``claimed_until`` is set while an attempt
    sends it, so no two attempts send it twice."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        WAITING = "waiting", _("Liste d'attente")
        PROMOTION = "promotion", _("Place obtenue")
        CANCELLATION = "cancellation", _("Annulation")
        REMINDER = "reminder", _("Rappel")
        # Issue 15 (messaging/): the organisers' messages, change notices, cancelled sessions.
        MESSAGE = "message", _("Message des organisateurs")
        CHANGE = "change", _("Changement de séance")
        SESSION_CANCELLED = "session_cancelled", _("Séance annulée")
        # One e-mail for every session registered at once with the day planner.
        DAY_PLAN = "day_plan", _("Programme de la journée")
        OFFER = "offer", _("Place proposée")
        LOST_LINK = "lost_link", _("Lien personnel renvoyé")
        FEEDBACK = "feedback", _("Votre avis")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    registration = models.ForeignKey(Registration, null=True, on_delete=models.CASCADE, related_name="emails")
    to = models.EmailField(_("destinataire"), max_length=254)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    subject = models.CharField(_("objet"), max_length=300, blank=True)
    body = models.TextField(_("texte"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    claimed_until = models.DateTimeField(_("envoi en cours jusqu'à"), null=True, blank=True)
    # Its last attempt failed and no more are planned: its message counts it failed
    # (until a later sending, which then counts it sent instead).
    given_up = models.BooleanField(_("abandonné"), default=False)
    # What a message, a change notice or a cancellation says beyond the registration.
    message = models.ForeignKey(
        "registrations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    data = models.JSONField(_("données"), default=dict, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to}"


@register_setting(icon="lock")
class RegistrationSettings(BaseSiteSetting):
    """What the registration form links to for its consent box."""

    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("politique de confidentialité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "La page qui explique l'usage des données des inscrit·es ; le formulaire "
            "d'inscription y renvoie, dans la langue du visiteur."
        ),
    )

    panels = [FieldPanel("privacy_page")]

    class Meta:
        verbose_name = _("inscriptions")


# --- Organisers talking to registrants (issue 15, programme/registrations/messaging/) ---


class Message(models.Model):
    """A message a registrations manager wrote to a selection of registrants: the record
    managers read back (who, when, to whom, how it went). It holds no personal data
    beyond its author; the e-mails it fans out to (``OutgoingEmail.message``) go with
    each person's data under the retention rule, while the counts stay here."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·e"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)
    # A double click posts the same form twice: one key, one message.
    idempotency_key = models.CharField(max_length=64, unique=True)
    # {"edition": key, "day": key|None, "session": key|None, "statuses": [...], "presence": "..."}
    selection = models.JSONField(_("destinataires"), default=dict)
    selection_label = models.CharField(_("destinataires"), max_length=300, blank=True)
    subject_fr = models.CharField(_("objet (français)"), max_length=200)
    body_fr = models.TextField(_("message (français)"))
    subject_en = models.CharField(_("objet (anglais)"), max_length=200, blank=True)
    body_en = models.TextField(_("message (anglais)"), blank=True)
    recipient_count = models.PositiveIntegerField(_("destinataires"), null=True, blank=True)
    delivered_count = models.PositiveIntegerField(_("envoyés"), default=0)
    failed_count = models.PositiveIntegerField(_("en échec"), default=0)

    class Meta:
        verbose_name = _("message aux inscrit·es")
        verbose_name_plural = _("messages aux inscrit·es")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject_fr

    @property
    def pending_count(self):
        if self.recipient_count is None:
            return None
        return max(self.recipient_count - self.delivered_count - self.failed_count, 0)


class SessionNotice(models.Model):
    """A session's calendar entry as registrants last heard of it: what was in it
    (``notified``), its ``SEQUENCE``, and a change waiting to be told (``due_at``): several
    publications within a few minutes make one notice (messaging/changes.py)."""

    session_key = models.UUIDField(primary_key=True)
    sequence = models.PositiveIntegerField(_("version de l'entrée d'agenda"), default=0)
    notified = models.JSONField(_("dernier état annoncé"), default=dict)
    due_at = models.DateTimeField(_("annonce prévue le"), null=True, blank=True)
    # "Notify the registrants" left unticked by the editor who published the change.
    silent = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("annonce de changement")
        verbose_name_plural = _("annonces de changement")

    def __str__(self):
        return str(self.session_key)


class SessionCancellation(models.Model):
    """A session the organisers cancelled: its registrations are "cancelled by the
    organisers" and it takes no new ones."""

    session_key = models.UUIDField(primary_key=True)
    note = models.TextField(_("message aux inscrit·es"), blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"))
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("séance annulée")
        verbose_name_plural = _("séances annulées")

    def __str__(self):
        return str(self.session_key)


@register_setting(icon="mail")
class EmailIntroductions(BaseSiteSetting):
    """An introduction paragraph the team writes for each e-mail, per language, shown
    after the greeting; empty means the template's wording alone (English falls back to
    the default, never to the French paragraph)."""

    KINDS = (
        "confirmation",
        "waiting",
        "promotion",
        "reminder",
        "change",
        "session_cancelled",
    )

    HELP = _(
        "Facultatif : un paragraphe placé après « Bonjour », avant le texte habituel. "
        "Laissé vide, l'e-mail garde son texte par défaut."
    )

    confirmation_fr = models.TextField(
        _("Confirmation d'inscription – français"), blank=True, max_length=1500, help_text=HELP
    )
    confirmation_en = models.TextField(
        _("Confirmation d'inscription – anglais"), blank=True, max_length=1500, help_text=HELP
    )
    waiting_fr = models.TextField(
        _("Liste d'attente – français"), blank=True, max_length=1500, help_text=HELP
    )
    waiting_en = models.TextField(_("Liste d'attente – anglais"), blank=True, max_length=1500, help_text=HELP)
    promotion_fr = models.TextField(
        _("Place obtenue – français"), blank=True, max_length=1500, help_text=HELP
    )
    promotion_en = models.TextField(_("Place obtenue – anglais"), blank=True, max_length=1500, help_text=HELP)
    reminder_fr = models.TextField(_("Rappel – français"), blank=True, max_length=1500, help_text=HELP)
    reminder_en = models.TextField(_("Rappel – anglais"), blank=True, max_length=1500, help_text=HELP)
    change_fr = models.TextField(
        _("Changement de séance – français"), blank=True, max_length=1500, help_text=HELP
    )
    change_en = models.TextField(
        _("Changement de séance – anglais"), blank=True, max_length=1500, help_text=HELP
    )
    session_cancelled_fr = models.TextField(
        _("Séance annulée – français"), blank=True, max_length=1500, help_text=HELP
    )
    session_cancelled_en = models.TextField(
        _("Séance annulée – anglais"), blank=True, max_length=1500, help_text=HELP
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("confirmation_fr"), FieldPanel("confirmation_en")],
            heading=_("Confirmation d'inscription"),
        ),
        MultiFieldPanel([FieldPanel("waiting_fr"), FieldPanel("waiting_en")], heading=_("Liste d'attente")),
        MultiFieldPanel([FieldPanel("promotion_fr"), FieldPanel("promotion_en")], heading=_("Place obtenue")),
        MultiFieldPanel([FieldPanel("reminder_fr"), FieldPanel("reminder_en")], heading=_("Rappel")),
        MultiFieldPanel(
            [FieldPanel("change_fr"), FieldPanel("change_en")], heading=_("Changement de séance")
        ),
        MultiFieldPanel(
            [FieldPanel("session_cancelled_fr"), FieldPanel("session_cancelled_en")],
            heading=_("Séance annulée"),
        ),
    ]

    class Meta:
        verbose_name = _("textes des e-mails")

    def introduction(self, kind, language):
        """The paragraph for ``kind`` in ``language`` ("" when none: the default text)."""
        if kind not in self.KINDS or language not in ("fr", "en"):
            return ""
        return getattr(self, f"{kind}_{language}").strip()


# --- Feedback (services/feedback.py) ------------------------------------------------


class FeedbackRequest(models.Model):
    """The one invitation to give feedback that a registration gets after its session:
    unique per registration (sent once), with the token of its form. Says whether it
    was answered, not what: the answer (Feedback) is anonymous."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback_request"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("envoyée le"))
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande d'avis")
        verbose_name_plural = _("demandes d'avis")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Feedback(models.Model):
    """One anonymous answer to the three questions about a session: a rating, "what will
    you take home?", "what was missing?". Keyed by the session's shared key (both
    languages), with nothing of who answered; ``from_registrant`` tells answers from the
    e-mailed link from those given on the session's page."""

    session_key = models.UUIDField(_("séance (clé)"), db_index=True)
    edition_key = models.UUIDField(_("édition (clé)"), db_index=True)
    rating = models.PositiveSmallIntegerField(_("note"))
    take_home = models.TextField(_("ce que vous en retenez"), blank=True, max_length=2000)
    missing = models.TextField(_("ce qui a manqué"), blank=True, max_length=2000)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    from_registrant = models.BooleanField(_("par une personne inscrite"), default=False)
    created_at = models.DateTimeField(_("reçu le"))

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.rating}/5"
