"""Reading a session's extra questions, and showing the answers given to them.

Answers are stored as ``{question block id: value}``: the option id for a single choice,
the text for a short text, ``True``/``False`` for yes/no. Block and option ids are the same
in both language versions of a page, so ``questions_of(english_page)`` and
``questions_of(french_page)`` describe the same columns in different words.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

YES, NO = _("Oui"), _("Non")
# Block types read as one of the three kinds of answer.
KINDS = {"limited_choice": "choice", "access_needs": "text"}
ACCESS_NEEDS_HELP = _(
    "Facultatif. Dites-nous ce qui vous aiderait à participer : seules les personnes qui "
    "gèrent les inscriptions liront votre réponse."
)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # "choice", "text" or "yes_no"
    label: str
    required: bool
    options: list = field(default_factory=list)  # [(option id, text)] for a choice
    # {option id, or "yes" for a yes/no: number of places}, read from the French page.
    limits: dict = field(default_factory=dict)
    help_text: str = ""

    def limit_key(self, value):
        """What an answer takes of the limited places: the option id, "yes", or None."""
        if self.kind == "yes_no":
            return "yes" if value is True else None
        if self.kind == "choice" and value in dict(self.options):
            return value
        return None

    def display(self, value):
        """The answer as a person reads it, in the language of this page."""
        if value is None or value == "":
            return ""
        if self.kind == "yes_no":
            return str(YES if value else NO)
        if self.kind == "choice":
            return dict(self.options).get(value, str(value))
        return str(value)


def questions_of(page):
    """The questions defined on a session page (any language), in order."""
    questions = []
    for block in getattr(page, "registration_questions", None) or []:
        value = block.value
        options, limits = [], {}
        if block.block_type == "choice":
            options = [(child.id, str(child.value)) for child in value["options"].bound_blocks]
        elif block.block_type == "limited_choice":
            for child in value["options"].bound_blocks:
                options.append((child.id, str(child.value["text"])))
                if child.value["places"]:
                    limits[child.id] = child.value["places"]
        elif block.block_type == "yes_no" and value.get("places"):
            limits["yes"] = value["places"]
        questions.append(
            Question(
                id=block.id,
                kind=KINDS.get(block.block_type, block.block_type),
                label=value["label"],
                required=bool(value.get("required")),
                options=options,
                limits=limits,
                help_text=str(ACCESS_NEEDS_HELP) if block.block_type == "access_needs" else "",
            )
        )
    return questions


def answers_for_display(answers, questions):
    """[(question label, answer text)] for every question, in order."""
    answers = answers or {}
    return [(question.label, question.display(answers.get(question.id))) for question in questions]
