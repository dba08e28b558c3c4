"""Extra questions an editor adds to a session's registration form, without code.

Answers are stored keyed by the block's id (and, for a single choice, the option's id),
which wagtail-localize keeps identical in the French and English versions of a page: a
visitor answering in English and one answering in French fill the same column of the
export. Labels and options are translated; "required" follows the French source.
"""

from django.core.exceptions import ValidationError
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


class YesNoQuestionBlock(QuestionBlock):
    class Meta:
        icon = "circle-check"  # Wagtail has no "tick" icon
        label = _("Oui / non")
        description = _("Une case à cocher, par exemple « J'ai besoin qu'on me prête un vélo ».")


class RegistrationQuestionsBlock(blocks.StreamBlock):
    choice = ChoiceQuestionBlock()
    text = TextQuestionBlock()
    yes_no = YesNoQuestionBlock()

    class Meta:
        max_num = 10
