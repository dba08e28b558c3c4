"""Labels of Wagtail's admin that no catalogue can translate: Django makes them from a
form field's name ("Include descendants" on the bulk publish and unpublish screens).
The French overrides of the packages' catalogues are in locale/third-party/."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction


class DescendantsForm(forms.Form):
    include_descendants = forms.BooleanField(required=False, label=_("Inclure les sous-pages"))


class LabelledPublishBulkAction(PublishBulkAction):
    form_class = DescendantsForm


class LabelledUnpublishBulkAction(UnpublishBulkAction):
    form_class = DescendantsForm


# Registered after Wagtail's own (order 0), which they replace: one action per type.
hooks.register("register_bulk_action", LabelledPublishBulkAction, order=1)
hooks.register("register_bulk_action", LabelledUnpublishBulkAction, order=1)
