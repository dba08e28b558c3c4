"""Start next year's edition from this one.

``start_next_edition(source, new_start_date)`` copies an edition's whole subtree, in every
language the site has, in one transaction:

* **Translations stay linked.** Wagtail's page copy gives every copy a fresh
  ``translation_key`` (wagtail#13736, wagtail-localize#773), which would cut each English
  page off from its French source. Here the French and English copies of one page share one
  new key, and so do the copies of translatable child objects (session people, route
  stops). When the source was translated with wagtail-localize, its ``TranslationSource``,
  ``Translation`` and translated strings are recreated for the copy, so that "Sync
  translated pages" still works on the new edition. An English page that is an alias of its
  French page stays an alias, of the new French page.
* **Dates move.** Every ``DateField`` and ``DateTimeField`` of the copied pages and of their
  child objects (edition dates, day dates, registration windows…) moves by the offset between
  the old and the new first day; date-times keep their local time of day across daylight
  saving changes. With ``keep_weekdays`` the offset is rounded to whole weeks, so Monday
  stays Monday (the first day may then move by up to three days from the one asked for).
  Wagtail's own bookkeeping dates (publication, scheduling, locks) are reset, not moved.
* **Titles follow.** The edition's slug becomes the new year; the old year is replaced by
  the new one in every title, and a page's own date written in its title ("Programme du
  29/11", "lundi 29 novembre", "Monday 29 November") is rewritten to its new date. Slugs
  that were made from the title follow the title.
* **Drafts.** The copies are drafts (not live) with a fresh history of one revision: the
  communications staff review them and publish. (The demonstration edition,
  ``programme.demo.next_edition``, is copied with this package, then published.)
* **Shared things are shared.** People, venues and images are snippets: the copies point at
  the same ones. Registrations live in their own app, keyed by session page: a page copy
  carries none of them.

Refusals raise ``EditionCopyError``, whose message is written once (errors.py), lazily translated:
a first day that is not after the source's first day, a year (or address) that already
exists, pages with unpublished changes, and pages missing their English version. The last
one is a refusal, not a warning: the promise of this action is a new edition that is
complete in every language, and a missing translation is quickly made in wagtail-localize
before starting again; copying it half-translated would publish French pages on the
English site by surprise. Pages that exist only in English are copied as they are.

The modules, by step:

* ``errors``: ``EditionCopyError`` and its messages.
* ``planning``: the offset, the language versions, what stops a copy, the permission.
* ``copying``: ``start_next_edition`` and the page copier.
* ``dates``: which fields hold dates, how they move, dates and years written in text.
* ``translations``: the wagtail-localize records of the copy.
"""

from home.editions.copying import start_next_edition
from home.editions.dates import rewrite_dates
from home.editions.errors import EditionCopyError
from home.editions.planning import (
    EditionPlan,
    LanguageVersion,
    can_start_next_edition,
    check_target,
    language_name,
    language_versions,
    plan_next_edition,
    source_language_edition,
    source_problems,
)

__all__ = [
    "EditionCopyError",
    "EditionPlan",
    "LanguageVersion",
    "can_start_next_edition",
    "check_target",
    "language_name",
    "language_versions",
    "plan_next_edition",
    "rewrite_dates",
    "source_language_edition",
    "source_problems",
    "start_next_edition",
]
