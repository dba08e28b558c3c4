"""Admin forms of the home app."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from home.editions import EditionCopyError, check_target, language_versions, plan_next_edition

# Refusals that are about the date chosen, shown under the date field.
DATE_ERRORS = {"not_after", "year_exists", "slug_taken"}


class NextEditionForm(forms.Form):
    """The new edition's first day, for "Démarrer l'édition suivante". The service checks
    everything again when it runs; this form gives the date errors early, next to the date."""

    start_date = forms.DateField(
        label=_("Premier jour de la nouvelle édition"),
        widget=AdminDateInput,
        help_text=_(
            "L'année de la nouvelle édition est celle de cette date. Toutes les dates de l'édition "
            "(jours du programme, ouvertures et fermetures des inscriptions…) sont décalées d'autant."
        ),
    )
    keep_weekdays = forms.BooleanField(
        label=_("Garder les mêmes jours de la semaine"),
        required=False,
        initial=True,
        help_text=_(
            "Arrondit le décalage à un nombre entier de semaines : un lundi reste un lundi. "
            "Le premier jour peut alors bouger de trois jours au plus."
        ),
    )

    def __init__(self, *args, source, **kwargs):
        self.source = source
        self.plan = None
        kwargs.setdefault("initial", {"start_date": source.start_date + dt.timedelta(weeks=52)})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        start_date = cleaned_data.get("start_date")
        if start_date is None:
            return cleaned_data
        try:
            self.plan = plan_next_edition(
                self.source, start_date, keep_weekdays=cleaned_data.get("keep_weekdays", False)
            )
            check_target(self.plan, language_versions(self.source))
        except EditionCopyError as error:
            self.add_error("start_date" if error.code in DATE_ERRORS else None, error_to_validation(error))
        return cleaned_data


def error_to_validation(error):
    return ValidationError(str(error), code=error.code)
