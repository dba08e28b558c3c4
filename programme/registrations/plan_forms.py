"""The day planner's form: the identity fields of the single-session form once, one choice
per slot (``slot_<n>``: a session's page id, or "" for none), what to do when a chosen
session is full, and the chosen sessions' extra questions (``s<page id>_q_<question id>``).

Never trusts what it is sent: a value must be a session of that slot that takes
registrations now; two chosen sessions must not run at the same time; required questions
are required only of the chosen sessions. The services check all of it again under the
locks.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.datetimes import time_of_day

from .forms import HONEYPOT, RegistrationForm
from .services.planner import DROP, WAIT, Choice


class PlannerForm(RegistrationForm):
    if_full = forms.ChoiceField(
        label=_("Si une séance choisie est complète au moment de l'envoi"),
        choices=[
            (WAIT, _("M'inscrire sur sa liste d'attente, quand elle en a une")),
            (DROP, _("Ne pas m'y inscrire")),
        ],
        initial=WAIT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez l'une des deux réponses.")},
    )

    def __init__(self, *args, plan, privacy_url="", **kwargs):
        super().__init__(*args, page=None, privacy_url=privacy_url, **kwargs)
        self.plan = plan
        self.sessions = plan.by_value()
        for slot in plan.slots:
            self.fields[slot.field_name] = forms.CharField(
                label=self.slot_label(slot), required=False, max_length=12
            )
        self.question_fields = {}  # field name: (session, question)
        for session in plan.sessions:
            for question in session.questions:
                name = self.question_field_name(session, question)
                field = self._field_for(question, session.options_left)
                field.required = False  # only of the chosen sessions, in clean()
                self.fields[name] = field
                self.question_fields[name] = (session, question)
        order = ["first_name", "last_name", "email", "organisation"]
        order += [slot.field_name for slot in plan.slots] + ["if_full", *self.question_fields]
        self.order_fields([*order, "consent", HONEYPOT, "submission_key"])

    @staticmethod
    def slot_label(slot):
        if slot.start_time:
            return gettext("Créneau de %(time)s") % {"time": time_of_day(slot.start_time)}
        return gettext("Créneau %(number)s") % {"number": slot.index}

    @staticmethod
    def question_field_name(session, question):
        return f"s{session.value}_q_{question.id}"

    def slot_fields(self):
        """[(slot, bound field)] in the programme's order."""
        return [(slot, self[slot.field_name]) for slot in self.plan.slots]

    def question_groups(self):
        """[(session, [bound fields])] for the sessions that have questions."""
        return [
            (session, [self[self.question_field_name(session, q)] for q in session.questions])
            for session in self.plan.sessions
            if session.questions
        ]

    def _chosen_in(self, slot):
        value = (self.cleaned_data.get(slot.field_name) or "").strip()
        if not value:
            return None
        session = self.sessions.get(value)
        if session is None or session.slot is not slot:
            self.add_error(slot.field_name, _("Choisissez l'une des séances proposées pour ce créneau."))
            return None
        if not session.choosable:
            self.add_error(
                slot.field_name, session.availability.label or _("Cette séance ne prend pas d'inscription.")
            )
            return None
        return session

    def clean(self):
        cleaned_data = super().clean()  # raises for the honeypot
        chosen = [session for slot in self.plan.slots if (session := self._chosen_in(slot))]
        self._refuse_clashes(chosen)
        self._require_answers(chosen)
        if not chosen and not self.errors:
            raise ValidationError(_("Choisissez au moins une séance."), code="nothing")
        self.chosen = chosen
        return cleaned_data

    def _refuse_clashes(self, chosen):
        kept = []
        for session in chosen:
            clash = next((other for other in kept if other in session.clashes), None)
            if clash is None:
                kept.append(session)
                continue
            self.add_error(
                session.slot.field_name,
                gettext("« %(title)s » a lieu en même temps que « %(other)s », que vous avez choisie.")
                % {"title": session.page.title, "other": clash.page.title},
            )

    def _require_answers(self, chosen):
        for name, (session, question) in self.question_fields.items():
            if session in chosen and question.required and self.cleaned_data.get(name) in (None, ""):
                self.add_error(name, _("Répondez à cette question."))

    def choices(self):
        """The services' Choices, with each session's answers."""
        result = []
        for session in self.chosen:
            answers = {}
            for question in session.questions:
                value = self.cleaned_data.get(self.question_field_name(session, question))
                if value in (None, ""):
                    continue
                answers[question.id] = value == "yes" if question.kind == "yes_no" else value
            result.append(Choice(page=session.page, answers=answers))
        return result
