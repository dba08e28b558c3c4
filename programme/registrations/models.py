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

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def new_token():
    return secrets.token_urlsafe(32)


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
