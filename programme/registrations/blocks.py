"""Extra questions an editor adds to a session's registration form, without code.

Answers are stored keyed by the block's id (and, for a single choice, the option's id),
which wagtail-localize keeps identical in the French and English versions of a page: a
visitor answering in English and one answering in French fill the same column of the
export. Labels and options are translated; "required" follows the French source.
"""

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("question"),
        max_length=200,
        help_text=_("Par exemple « Avez-vous besoin qu'on vous prête un vélo ? »."),
    )
    required = blocks.BooleanBlock(
        label=_("réponse obligatoire"),
        required=False,
        default=False,
    )

    class Meta:
        icon = "help"


class ChoiceQuestionBlock(QuestionBlock):
    options = blocks.ListBlock(
        blocks.CharBlock(label=_("choix"), max_length=200),
        label=_("choix proposés"),
        min_num=2,
        # Two empty choices to fill in: no "minimum 2" error before the editor has typed.
        default=["", ""],
        help_text=_("Par exemple les trois formules du déjeuner."),
    )

    def clean(self, value):
        value = super().clean(value)
        texts = [str(option).strip().lower() for option in value["options"]]
        if len(set(texts)) != len(texts):
            raise blocks.StructBlockValidationError(
                non_block_errors=[ValidationError(_("Deux choix portent le même texte."))]
            )
        return value

    class Meta:
        icon = "list-ul"
        label = _("Choix unique")
        description = _("Une question à choix unique, par exemple le menu du déjeuner.")


class TextQuestionBlock(QuestionBlock):
    class Meta:
        icon = "edit"
        label = _("Texte court")
        description = _("Une réponse libre sur une ligne, par exemple un régime alimentaire.")


PLACES_HELP = _(
    "Laissez vide s'il n'y a pas de limite. Quand tout est pris, ce choix n'est plus proposé ; "
    "les places se libèrent quand une personne annule."
)


class YesNoQuestionBlock(QuestionBlock):
    places = blocks.IntegerBlock(
        label=_("nombre de « oui » possibles"),
        required=False,
        min_value=1,
        help_text=format_lazy("{}{}", _("Par exemple 8 vélos à prêter. "), PLACES_HELP),
    )

    class Meta:
        icon = "circle-check"  # Wagtail has no "tick" icon
        label = _("Oui / non")
        description = _("Une case à cocher, par exemple « J'ai besoin qu'on me prête un vélo ».")


class LimitedOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("choix"), max_length=200)
    places = blocks.IntegerBlock(label=_("places"), required=False, min_value=1, help_text=PLACES_HELP)

    class Meta:
        icon = "list-ul"


class LimitedChoiceQuestionBlock(QuestionBlock):
    """A single choice whose options can each have a number of places (a menu of 60
    portions, 8 bikes): counted under the session's lock (services/options.py)."""

    options = blocks.ListBlock(
        LimitedOptionBlock(),
        label=_("choix proposés"),
        min_num=2,
        help_text=_("Par exemple « Emprunter un vélo » (8 places) et « Je viens avec mon vélo »."),
    )

    def clean(self, value):
        value = super().clean(value)
        texts = [str(option["text"]).strip().lower() for option in value["options"]]
        if len(set(texts)) != len(texts):
            raise blocks.StructBlockValidationError(
                non_block_errors=[ValidationError(_("Deux choix portent le même texte."))]
            )
        return value

    class Meta:
        icon = "list-ul"
        label = _("Choix à places limitées")
        description = _("Une question à choix unique dont chaque choix peut avoir un nombre de places.")


class AccessNeedsQuestionBlock(blocks.StructBlock):
    """The built-in "Besoins d'accessibilité" question: free text, always optional. Its
    answers, like every answer, are seen only by the registrations managers, and purged
    with the rest of the person's data."""

    label = blocks.CharBlock(
        label=_("question"),
        max_length=200,
        default=_("Besoins d'accessibilité"),
        help_text=_("Par défaut « Besoins d'accessibilité »."),
    )

    class Meta:
        icon = "user"
        label = _("Besoins d'accessibilité")
        description = _(
            "Une question facultative, en texte libre, sur les besoins d'accessibilité ; "
            "seules les personnes qui gèrent les inscriptions lisent les réponses."
        )


class RegistrationQuestionsBlock(blocks.StreamBlock):
    choice = ChoiceQuestionBlock()
    limited_choice = LimitedChoiceQuestionBlock()
    text = TextQuestionBlock()
    yes_no = YesNoQuestionBlock()
    access_needs = AccessNeedsQuestionBlock()

    class Meta:
        max_num = 10
