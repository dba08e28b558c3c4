"""Admin forms of the programme's pages: the checks that span several fields."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from home.admin_dates import open_date_pickers_on
from home.models import edition_of
from programme.registrations.fields import RegistrationFieldsForm


def _edition_start(form):
    """The first day of the edition the page being added or edited belongs to."""
    page = form.instance if form.instance.pk else form.parent_page
    edition = edition_of(page.specific) if page is not None else None
    return getattr(edition, "start_date", None)


class ProgrammeDayPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_date_pickers_on(self, _edition_start(self), ["date"])

    def clean(self):
        cleaned_data = super().clean()
        day = cleaned_data.get("date")
        edition = self.parent_page.specific if self.parent_page else None
        first = getattr(edition, "start_date", None)
        last = getattr(edition, "last_day", None)
        if day and first and not first <= day <= last:
            self.add_error(
                "date",
                _("Cette date est en dehors de l'édition (du %(start)s au %(end)s).")
                % {"start": first.strftime("%d/%m/%Y"), "end": last.strftime("%d/%m/%Y")},
            )
        return cleaned_data


class SessionPageForm(RegistrationFieldsForm):
    """Times in order; the registration settings are checked by RegistrationFieldsForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_date_pickers_on(self, _edition_start(self), ["registration_opens_at", "registration_closes_at"])

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_time"), cleaned_data.get("end_time")
        if end and not start:
            self.add_error("start_time", _("Indiquez l'heure de début si vous indiquez une heure de fin."))
        elif start and end and end <= start:
            self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
        return cleaned_data


class RoutePageForm(SessionPageForm):
    def clean(self):
        cleaned_data = super().clean()
        stops = self.formsets.get("stops")
        # The page form is cleaned before its formsets: validate them first (an invalid
        # formset shows its own errors) so that each form has its cleaned_data.
        if stops is not None and stops.is_valid():
            kept = [form for form in stops.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
            if not kept:
                raise ValidationError(_("Un parcours doit comporter au moins une étape."))
        return cleaned_data
