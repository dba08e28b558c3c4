"""The admin form "Écrire aux inscrits"."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .recipients import PRESENCE_ANY, PRESENCE_IN, PRESENCE_NOT_YET, SelectionError, parse_target, targets


class MessageForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Destinataires"),
        help_text=_("Une séance ou un parcours, une journée ou toute l'édition."),
    )
    statuses = forms.MultipleChoiceField(
        label=_("Statut"),
        choices=[("confirmed", _("Places confirmées")), ("waiting", _("Liste d'attente"))],
        initial=["confirmed"],
        widget=forms.CheckboxSelectMultiple,
    )
    presence = forms.ChoiceField(
        label=_("Présence"),
        choices=[
            (PRESENCE_ANY, _("Tout le monde")),
            (PRESENCE_IN, _("Déjà pointé·es présent·es")),
            (PRESENCE_NOT_YET, _("Pas encore pointé·es")),
        ],
        initial=PRESENCE_ANY,
        widget=forms.RadioSelect,
    )
    subject_fr = forms.CharField(label=_("Objet (français)"), max_length=200)
    body_fr = forms.CharField(
        label=_("Message (français)"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("« Bonjour <prénom>, » et le lien personnel de chacun·e sont ajoutés automatiquement."),
    )
    subject_en = forms.CharField(label=_("Objet (anglais)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Message (anglais)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Facultatif. Sans texte anglais, les inscrit·es anglophones reçoivent le texte français, "
            "précédé d'une ligne en anglais qui le signale."
        ),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *targets()]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def clean_idempotency_key(self):
        key = self.cleaned_data["idempotency_key"].strip()
        if not key.isalnum():
            raise forms.ValidationError(_("Formulaire invalide : rechargez la page."))
        return key

    def clean(self):
        data = super().clean()
        if bool(data.get("subject_en", "").strip()) != bool(data.get("body_en", "").strip()):
            self.add_error("body_en", _("Donnez l'objet et le message en anglais, ou aucun des deux."))
        if data.get("target") and data.get("statuses"):
            try:
                data["selection"] = parse_target(data["target"], data["statuses"], data.get("presence"))
            except SelectionError:
                self.add_error("target", _("Cette sélection n'existe plus."))
        return data
