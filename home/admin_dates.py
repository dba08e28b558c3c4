"""Date fields of the admin that open on the edition's month.

Wagtail's date picker opens on the field's value, or on today when it is empty: adding
the days or the registration dates of next year's edition meant paging through months.
``open_date_pickers_on(form, day)`` makes every empty date and date-time field of a page
form open on ``day`` instead (the edition's first day). The format of the fields
(dd/mm/yyyy) is WAGTAIL_DATE_FORMAT, in the settings.
"""

import json

from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

# The picker reads its startDate in its own default format, whatever the field's.
PICKER_DATE_FORMAT = "%Y/%m/%d"


class _OpensOnMixin:
    opens_on = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if not value and self.opens_on is not None:
            config = {**self.get_config(), "startDate": self.opens_on.strftime(PICKER_DATE_FORMAT)}
            context["widget"]["config_json"] = json.dumps(config)
        return context


class OpensOnDateInput(_OpensOnMixin, AdminDateInput):
    pass


class OpensOnDateTimeInput(_OpensOnMixin, AdminDateTimeInput):
    pass


WIDGETS = {AdminDateInput: OpensOnDateInput, AdminDateTimeInput: OpensOnDateTimeInput}


def open_date_pickers_on(form, day, field_names):
    """The date and date-time fields ``field_names`` of ``form`` open on ``day`` while
    they are empty (Wagtail's scheduling fields, in their own dialog, are left alone)."""
    if day is None:
        return
    for name in field_names:
        field = form.fields.get(name)
        widget_class = WIDGETS.get(type(field.widget)) if field is not None else None
        if widget_class is None:
            continue
        widget = widget_class(attrs=field.widget.attrs, format=field.widget.format)
        widget.opens_on = day
        field.widget = widget
