"""A session's registration settings: the fields, their admin panels, their validation
and how translations treat them. ``programme.models.SessionPage`` mixes them in; this
module must not import programme.models (which imports it).

The fields keep the names and definitions they had on ``SessionPage``: moving them here
changes no database column.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .blocks import RegistrationQuestionsBlock


class RegistrationFields(models.Model):
    """Whether a session takes registrations, how many, from when to when, and the
    questions asked. Shared by the French and English versions of a session."""

    registration_required = models.BooleanField(
        _("inscription obligatoire"),
        default=False,
        help_text=_("Cochez si les places sont limitées et qu'il faut s'inscrire."),
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Partagé par les versions française et anglaise de la séance."),
    )
    waiting_list_enabled = models.BooleanField(
        _("liste d'attente"),
        default=True,
        help_text=_(
            "Quand la séance est complète, proposer la liste d'attente. La première personne "
            "en attente prend automatiquement une place libérée et en est avertie par e-mail."
        ),
    )
    # What a freed place does (services/offers.py): goes at once to the first person
    # waiting, or is offered to them by e-mail for a few hours.
    waiting_list_mode = models.CharField(
        _("place libérée"),
        max_length=12,
        choices=[
            ("immediate", _("attribuée aussitôt à la première personne en attente")),
            ("offer", _("proposée par e-mail à la première personne en attente, qui l'accepte")),
        ],
        default="immediate",
        blank=True,  # empty: immediate
        help_text=_(
            "Dans les deux cas, plus personne ne reçoit de place automatiquement une fois la "
            "séance commencée (ou les inscriptions closes) : seule une personne qui gère les "
            "inscriptions peut alors en attribuer."
        ),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("délai pour accepter (heures)"),
        default=12,
        null=True,
        blank=True,  # empty: 12 hours
        validators=[MinValueValidator(1)],
        help_text=_(
            "En mode « proposée » : passé ce délai, la place est proposée à la personne "
            "suivante. Une proposition ne dure jamais au-delà du début de la séance."
        ),
    )
    registration_opens_at = models.DateTimeField(
        _("ouverture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Facultatif. Par défaut, les inscriptions sont ouvertes dès la publication."),
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_(
            "Facultatif. Par défaut : à l'heure de début de la séance, ou la veille à minuit si "
            "elle n'a pas d'heure. Toujours closes après le dernier jour de l'édition."
        ),
    )
    registration_questions = StreamField(
        RegistrationQuestionsBlock(),
        verbose_name=_("questions complémentaires"),
        blank=True,
        help_text=_(
            "Facultatif : questions posées dans le formulaire d'inscription (menu, vélo à "
            "prêter…). Ne supprimez pas une question qui a déjà des réponses."
        ),
    )

    registration_panels = [
        FieldRowPanel([FieldPanel("registration_required"), FieldPanel("capacity")]),
        FieldPanel("waiting_list_enabled"),
        FieldRowPanel([FieldPanel("waiting_list_mode"), FieldPanel("offer_hours")]),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
        FieldPanel("registration_questions"),
    ]

    # Capacity and dates follow the French source (one list for both languages).
    registration_translatable_fields = [
        SynchronizedField("registration_required", overridable=False),
        SynchronizedField("capacity", overridable=False),
        SynchronizedField("waiting_list_enabled", overridable=False),
        SynchronizedField("waiting_list_mode", overridable=False),
        SynchronizedField("offer_hours", overridable=False),
        SynchronizedField("registration_opens_at", overridable=False),
        SynchronizedField("registration_closes_at", overridable=False),
        # Question labels and options are translated; their ids and "required" follow the source.
        TranslatableField("registration_questions"),
    ]

    class Meta:
        abstract = True


class RegistrationFieldsForm(WagtailAdminPageForm):
    """The admin form's checks of the registration fields; the session page's form
    extends it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model wants at least one place; without this the form field alone would
        # answer "-5" with "at least 0".
        if capacity := self.fields.get("capacity"):
            capacity.min_value = 1
            capacity.widget.attrs["min"] = 1
            capacity.validators = [v for v in capacity.validators if not isinstance(v, MinValueValidator)]
            capacity.validators.append(MinValueValidator(1))

    def clean(self):
        cleaned_data = super().clean()
        opens, closes = cleaned_data.get("registration_opens_at"), cleaned_data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error(
                "registration_closes_at",
                _("La fermeture des inscriptions doit être après leur ouverture."),
            )
        if cleaned_data.get("registration_required") and not cleaned_data.get("capacity"):
            self.add_error("capacity", _("Indiquez le nombre de places pour ouvrir les inscriptions."))
        return cleaned_data
