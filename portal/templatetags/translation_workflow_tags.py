"""The translation editor's footer for those who may not publish (the editors):
"Soumettre à la modération" instead of wagtail-localize's publish, alias and stop actions
(portal/translation_workflow.py has the rules)."""

from django import template
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from wagtail.models import Page

from home.editions.dates import MONTHS as TEXT_MONTHS
from portal.translation_workflow import SUBMIT_ACTION, may_manage_translations

register = template.Library()


@register.inclusion_tag("portal/admin/translation_editor_footer.html", takes_context=True)
def translation_editor_footer(context, translation, instance):
    """Nothing for moderators (wagtail-localize's own footer stays); for editors, the
    submit action on a page, the publish action on a person or a venue (they have no
    workflow), and the preview."""
    user = context["request"].user
    if may_manage_translations(user, instance):
        return {"shown": False}
    is_page = isinstance(instance, Page)
    state = instance.current_workflow_state if is_page else None
    return {
        "shown": True,
        "is_page": is_page,
        "submit_action": SUBMIT_ACTION,
        "waiting": state is not None and state.status == state.STATUS_IN_PROGRESS,
        "needs_changes": state is not None and state.status == state.STATUS_NEEDS_CHANGES,
        "target_locale": translation.target_locale,
        "preview_url": reverse("wagtail_localize:preview_translation", args=[translation.id])
        if is_page
        else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def translation_editor_strings(translation):
    """Words that wagtail-localize's editor writes in English whatever the language (its
    script has them hard-coded, and its dates come from ``strftime``): the replacements
    the script of edit_translation.html puts in their place."""
    source = translation.source.locale.get_display_name()
    target = translation.target_locale.get_display_name()
    return {
        "moreActions": gettext("More actions"),
        # As the editor's script writes it.
        "englishSectionTitle": f"{source} to {target} translation",
        "sectionTitle": gettext("Traduction : %(source)s → %(target)s")
        % {"source": source, "target": target},
        # Dates are rewritten only in the "Traduit … le <date>" notes, never in a text.
        "commentPrefixes": [
            gettext("Translated manually on {date}").split("{")[0],
            gettext("Translated with {tool_name} on {date}").split("{")[0],
        ],
        "months": {english: str(MONTHS[number]) for number, english in enumerate(TEXT_MONTHS["en"], start=1)},
    }
