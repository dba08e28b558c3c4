"""The programme keeps its order by itself: a session's place among its day's sessions in
the page tree follows the programme (its slot, then its start time, then its order in the
slot, then the editor's order), whatever order the sessions were created in.

The tree order is the one truth: the day page lists its sessions in it, the explorer
shows it (``ProgrammeDayPage.admin_default_ordering = "ord"``), and moderators drag
sessions in it. When a session is created or published (in any language, a translation
published by wagtail-localize included), ``place_in_programme`` moves it with Wagtail's
``Page.move`` if, and only if, its place contradicts the programme:

* a session with a slot number stands with the other sessions of that slot, by start
  time within the slot where both have one; at the same time (or both without), by
  ``order_in_slot``, smallest first, the sessions without one after those with one;
  elsewhere in the slot, the editor's order. A translation's editor's order in a slot is
  its source's: it follows the French tree, not its own;
* a session with a start time stands after the sessions that start earlier and before
  those that start later (a slot starts with its earliest session), never inside
  another slot;
* a session without slot nor time, or with nothing to compare it with, stays where the
  editor put it.

``order_in_slot`` is how editors without the publish permission (who cannot drag in the
explorer) reorder a slot: it is a field of the page, so its change goes through
moderation and moves a live session only when published (Wagtail writes a live page's
row on publication only; a never-published draft moves on save, as on creation). A
translation, whose field is synchronised with its source, moves when wagtail-localize
publishes it.
"""

from django.db.models import Subquery
from wagtail.models import Page
from wagtail_localize.models import TranslationSource


def _effective_times(siblings):
    """Each sibling's time for ordering: its own start, else its slot's earliest."""
    slot_start = {}
    for page in siblings:
        if page.slot is not None and page.start_time is not None:
            known = slot_start.get(page.slot)
            slot_start[page.slot] = page.start_time if known is None else min(known, page.start_time)
    return [page.start_time or slot_start.get(page.slot) for page in siblings]


def _group_bounds(siblings, index):
    """The first and last index of the slot group around ``index`` (itself if none)."""
    slot = siblings[index].slot
    if slot is None:
        return index, index
    first = last = index
    while first > 0 and siblings[first - 1].slot == slot:
        first -= 1
    while last + 1 < len(siblings) and siblings[last + 1].slot == slot:
        last += 1
    return first, last


def _precedes(a, b, source_order):
    """Whether session ``a`` comes before ``b`` of the same slot: by start time where both
    have one; at the same time (or both without), by order in the slot (empty last), then
    by the source language's order (``source_order``: {translation_key: index})."""
    if (a.start_time is None) != (b.start_time is None):
        return False
    if a.start_time != b.start_time:
        return a.start_time < b.start_time
    if a.order_in_slot != b.order_in_slot:
        return b.order_in_slot is None or (a.order_in_slot is not None and a.order_in_slot < b.order_in_slot)
    a_rank = source_order.get(getattr(a, "translation_key", None))
    b_rank = source_order.get(getattr(b, "translation_key", None))
    return a_rank is not None and b_rank is not None and a_rank < b_rank


def _time_position(page, siblings):
    times = _effective_times(siblings)
    timed = [i for i, time in enumerate(times) if time is not None]
    if not timed:
        return None
    for i in timed:
        if times[i] > page.start_time:
            return _group_bounds(siblings, i)[0]
    return _group_bounds(siblings, timed[-1])[1] + 1


def programme_position(page, siblings, current, source_order=None):
    """Where ``page`` belongs among ``siblings`` (the day's other sessions, tree order): an
    index to insert it before, or None where its ``current`` index is fine.
    ``source_order`` ({translation_key: index}) orders a translation's slot like its
    source's where times and orders in the slot say nothing."""
    source_order = source_order or {}
    if page.slot is not None and any(other.slot == page.slot for other in siblings):
        group = [i for i, other in enumerate(siblings) if other.slot == page.slot]
        before = [i for i in group if _precedes(siblings[i], page, source_order)]
        after = [i for i in group if _precedes(page, siblings[i], source_order)]
        in_group = group[0] <= current <= group[-1] + 1
        ordered = all(i < current for i in before) and all(i >= current for i in after)
        if in_group and ordered:
            return None
        return after[0] if after else group[-1] + 1
    if page.start_time is None:
        return None
    target = _time_position(page, siblings)
    if target is None:
        return None
    times = _effective_times(siblings)
    earlier_after = any(t is not None and t < page.start_time for t in times[current:])
    later_before = any(t is not None and t > page.start_time for t in times[:current])
    inside_a_slot = 0 < current < len(siblings) and (
        siblings[current - 1].slot is not None and siblings[current - 1].slot == siblings[current].slot
    )
    return target if earlier_after or later_before or inside_a_slot else None


def _source_order(page, siblings):
    """For a translation (wagtail-localize) with slot mates: {translation_key: index} of
    their source-language twins in the tree. {} for a source page (one query) or a
    session without slot mates (none)."""
    if page.slot is None or not any(other.slot == page.slot for other in siblings):
        return {}
    keys = [page.translation_key] + [other.translation_key for other in siblings if other.slot == page.slot]
    source_locale = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .exclude(locale_id=page.locale_id)
        .values("locale_id")[:1]
    )
    twins = Page.objects.filter(translation_key__in=keys, locale_id=Subquery(source_locale)).order_by("path")
    return {key: index for index, key in enumerate(twins.values_list("translation_key", flat=True))}


def place_in_programme(page):
    """Move the session ``page`` to its place in its day's programme, if it is not there."""
    page = Page.objects.get(pk=page.pk).specific
    day = page.get_parent()
    children = list(Page.objects.child_of(day).order_by("path").specific())
    if not all(hasattr(child, "slot") and hasattr(child, "start_time") for child in children):
        return False
    current = next(i for i, child in enumerate(children) if child.pk == page.pk)
    siblings = children[:current] + children[current + 1 :]
    target = programme_position(page, siblings, current, _source_order(page, siblings))
    if target is None or target == current:
        return False
    if target < len(siblings):
        page.move(siblings[target], pos="left")
    else:
        page.move(siblings[-1], pos="right")
    return True


def place_after_publication(sender, instance, **kwargs):
    """``page_published`` receiver (ProgrammeConfig.ready): sessions only."""
    if hasattr(instance, "slot") and hasattr(instance, "start_time") and instance.depth > 1:
        place_in_programme(instance)
