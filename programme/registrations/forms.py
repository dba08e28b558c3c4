"""The public registration form: identity, extra questions, consent, and a honeypot.

Every text a visitor types ends up in e-mails, exports, printed sheets and admin lists:
one line of visible text, no control character, no bidirectional override, and, for
names, no web address (a name is printed in a confirmation sent to whatever address was
typed: it must not carry a link or extra lines under the portal's name).
"""

import re
import secrets
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .questions import NO, YES, questions_of
from .services.base import normalise_email
from .services.errors import RegistrationError

SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{0,64}$")
HONEYPOT = "website"

# Control characters (line breaks, tabs, escapes, C1), surrogates, line and paragraph
# separators, and the bidirectional embeddings/overrides/isolates (text shown reversed).
REFUSED_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that show nothing although Unicode does not class them as spaces or format
# characters (Hangul fillers, the blank Braille pattern, combining grapheme joiner).
INVISIBLE = set("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
# A scheme (http:, https://, javascript:...), "www.", or a host name on a common TLD.
WEB_ADDRESS = re.compile(
    r"[a-z][a-z0-9+.-]*:/|\b(?:https?|javascript|data|mailto|ftp):|www\.|"
    r"\b[a-z0-9-]+\.(?:com|net|org|info|biz|io|fr|eu|be|ch|ca|de|uk|ru|cn|xyz|top|site|online|"
    r"club|shop|app|link|click|ly|co|me|tk|gq|ml)\b",
    re.IGNORECASE,
)


def is_visible(char):
    return not (
        char.isspace() or char in INVISIBLE or unicodedata.category(char) in {"Cf", "Mn", "Me", "Zs", "Cn"}
    )


def validate_one_line(value):
    """One line of visible text: no control character or line break, no bidirectional
    override, not only invisible characters (zero-width space, fillers...)."""
    if any(unicodedata.category(char) in REFUSED_CATEGORIES or char in BIDI_CONTROLS for char in value):
        raise ValidationError(
            _("Écrivez sur une seule ligne, sans caractère spécial ni retour à la ligne."), code="control"
        )
    if value and not any(is_visible(char) for char in value):
        raise ValidationError(_("Écrivez au moins une lettre ou un chiffre visible."), code="invisible")


def validate_name(value):
    validate_one_line(value)
    # NFKC first: "ｈｔｔｐ：／／" and "evil．com" (full-width forms) are addresses too.
    folded = unicodedata.normalize("NFKC", value)
    if WEB_ADDRESS.search(folded) or "@" in folded:
        raise ValidationError(_("Un nom ne peut pas contenir d'adresse web ni d'adresse e-mail."), code="url")


def new_submission_key():
    return secrets.token_urlsafe(16)


def offered_options(question, options, left):
    """[(value, label)] of a question's options with places left, each limited one saying
    how many ("Oui (3 places restantes)")."""
    offered = []
    for value, label in options:
        key = question.id, value
        if key not in left:
            offered.append((value, label))
        elif left[key] > 0:
            remaining = ngettext("%(count)s place restante", "%(count)s places restantes", left[key]) % {
                "count": left[key]
            }
            offered.append((value, f"{label} ({remaining})"))
    return offered


class RegistrationForm(forms.Form):
    """Built for one session page: its extra questions become fields, labelled in the
    page's language and named after the question's id (shared by both languages)."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=100,
        validators=[validate_name],
        error_messages={
            "required": _("Indiquez votre prénom."),
            "max_length": _("Le prénom ne peut pas dépasser 100 caractères."),
        },
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=100,
        validators=[validate_name],
        error_messages={
            "required": _("Indiquez votre nom."),
            "max_length": _("Le nom ne peut pas dépasser 100 caractères."),
        },
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        help_text=_("La confirmation et votre lien personnel y seront envoyés."),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Cette adresse e-mail n'est pas valide, par exemple prenom.nom@exemple.fr."),
            "max_length": _("L'adresse e-mail ne peut pas dépasser 254 caractères."),
        },
    )
    organisation = forms.CharField(
        label=_("Structure (facultatif)"),
        max_length=200,
        required=False,
        validators=[validate_one_line],
        error_messages={"max_length": _("Le nom de la structure ne peut pas dépasser 200 caractères.")},
    )
    consent = forms.BooleanField(
        label=_("J'accepte que ces informations servent à gérer mon inscription."),
        error_messages={"required": _("Cochez cette case pour vous inscrire.")},
    )
    # Left empty by people; bots fill it in. Hidden by CSS and from assistive technologies.
    website = forms.CharField(label=_("Laissez ce champ vide"), required=False, max_length=200)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, page, privacy_url="", options_left=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.options_left = options_left or {}  # {(question id, option key): places left}
        self.questions = questions_of(page)
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = {"first_name": "given-name"}.get(
                name, "family-name"
            )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if privacy_url:
            self.fields["consent"].label = format_html(
                '{} <a href="{}">{}</a>',
                _("J'accepte que ces informations servent à gérer mon inscription, comme l'explique la"),
                privacy_url,
                _("politique de confidentialité"),
            )
        for question in self.questions:
            self.fields[self.field_name(question)] = self._field_for(question)
        # Questions after identity, consent last.
        order = ["first_name", "last_name", "email", "organisation"]
        order += [self.field_name(q) for q in self.questions] + ["consent", HONEYPOT, "submission_key"]
        self.order_fields(order)

    @staticmethod
    def field_name(question):
        return f"q_{question.id}"

    def _field_for(self, question, left=None):
        """The field of a question; ``left`` (by default the form's ``options_left``) the
        places left of its limited options: an exhausted one is not offered."""
        left = self.options_left if left is None else left
        messages = {
            "required": _("Répondez à cette question."),
            "invalid_choice": _("Choisissez l'une des réponses proposées."),
            "max_length": _("La réponse ne peut pas dépasser 200 caractères."),
        }
        if question.kind == "choice":
            options = offered_options(question, question.options, left)
            return forms.ChoiceField(
                label=question.label,
                required=question.required,
                choices=options if question.required else [("", "—"), *options],
                widget=forms.RadioSelect if question.required else forms.Select,
                error_messages=messages,
            )
        if question.kind == "yes_no":
            return forms.ChoiceField(
                label=question.label,
                required=question.required,
                choices=offered_options(question, [("yes", YES), ("no", NO)], left),
                widget=forms.RadioSelect,
                error_messages=messages,
            )
        return forms.CharField(
            label=question.label,
            help_text=question.help_text,
            required=question.required,
            max_length=200,
            validators=[validate_one_line],
            error_messages=messages,
        )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_submission_key(self):
        key = self.cleaned_data.get("submission_key", "")
        return key if SUBMISSION_KEY.match(key) else ""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT):
            raise ValidationError(RegistrationError("spam").message, code="spam")
        return cleaned_data

    @property
    def is_spam(self):
        return any(error.code == "spam" for error in self.non_field_errors().as_data())

    def answers(self):
        """{question id: answer} for the questions answered."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if value in (None, ""):
                continue
            answers[question.id] = value == "yes" if question.kind == "yes_no" else value
        return answers
