"""Publishing an edition as one act: its French pages, then, in each other language, the
pages that are translated (and the aliases, which follow their French page), parents
before children. What cannot go online stays a draft, and the summary says why.

``publish_edition(edition, user=..., untranslated=...)`` returns a ``PublishSummary``.
Each page is published in its own transaction, so that one page that fails (an invalid
draft, a page locked by an editor) leaves the others online and is reported; running it
again publishes what is left.

A page stays a draft when

* it is in moderation (a workflow is running on it: approve it in the dashboard), or the
  user may not publish it;
* its parent page stays a draft (it would be out of reach), or (other languages) its
  French page does;
* (other languages) it has no version in that language, or its translation is not
  finished, unless the editor chose ``WITH_FRENCH_TEXT``: then a missing page becomes an
  alias of the French page, and an unfinished translation goes online with the French
  text where the translation is missing.

Pages that exist only in another language are published with their edition.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from home.editions.errors import EditionCopyError
from home.editions.planning import language_versions, source_language_edition
from home.editions.translations import translation_progress

logger = logging.getLogger(__name__)

# What to do with pages that are not (fully) translated.
TRANSLATED_ONLY = "translated_only"
WITH_FRENCH_TEXT = "with_french_text"
UNTRANSLATED_CHOICES = [
    (TRANSLATED_ONLY, _("Les laisser en brouillon (seules les pages traduites sont publiées)")),
    (
        WITH_FRENCH_TEXT,
        _(
            "Les publier avec le texte français en attendant (une page sans version anglaise "
            "devient un alias de la page française)"
        ),
    ),
]

# Why a page stays a draft; ``{done}`` and ``{total}`` are the translated strings.
IN_MODERATION = "in_moderation"
NO_PERMISSION = "no_permission"
PARENT_DRAFT = "parent_draft"
SOURCE_DRAFT = "source_draft"
MISSING = "missing"
INCOMPLETE = "incomplete"
FAILED = "failed"
REASONS = {
    IN_MODERATION: _("en cours de relecture : approuvez-la ou publiez-la depuis le tableau de bord"),
    NO_PERMISSION: _("vous n'avez pas le droit de la publier"),
    PARENT_DRAFT: _("sa page parente reste en brouillon"),
    SOURCE_DRAFT: _("sa page française reste en brouillon"),
    MISSING: _("pas de version dans cette langue : traduisez la page française"),
    INCOMPLETE: _("traduction inachevée ({done} textes traduits sur {total})"),
    FAILED: _("la publication a échoué : {error}"),
}


@dataclass
class PageOutcome:
    """One page of the summary (plain data, kept as JSON on the job)."""

    page_id: int
    title: str
    language: str
    reason: str = ""
    details: dict = field(default_factory=dict)

    def reason_text(self):
        return str(REASONS[self.reason]).format(**self.details) if self.reason else ""


@dataclass
class PublishSummary:
    online: list = field(default_factory=list)  # published now
    already_online: int = 0
    drafts: list = field(default_factory=list)  # left as drafts, with their reason

    def as_json(self):
        return {
            "online": [vars(outcome) for outcome in self.online],
            "already_online": self.already_online,
            "drafts": [vars(outcome) for outcome in self.drafts],
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            online=[PageOutcome(**row) for row in data.get("online", [])],
            already_online=data.get("already_online", 0),
            drafts=[PageOutcome(**row) for row in data.get("drafts", [])],
        )


def can_publish_edition(user, edition):
    """Moderators and administrators: those who may publish the edition page."""
    try:
        source = source_language_edition(edition)
    except EditionCopyError:  # no French edition: nothing to publish from here
        return False
    return source.permissions_for_user(user).can_publish()


def _is_live(page):
    """As the database has it now (the pages were read before the publications)."""
    return Page.objects.filter(pk=page.pk, live=True).exists()


def edition_pages(edition):
    """The pages of one language version of an edition, parents first."""
    return list(Page.objects.descendant_of(edition, inclusive=True).order_by("path").specific())


class EditionPublisher:
    def __init__(self, user, untranslated, progress):
        self.user = user
        self.untranslated = untranslated
        self.progress = progress or (lambda done, total: None)
        self.summary = PublishSummary()
        self.done = 0
        self.total = 0

    def run(self, source):
        versions = language_versions(source)
        french = edition_pages(source)
        others = [
            (version, edition_pages(version.edition) if version.edition else []) for version in versions[1:]
        ]
        keys = {page.translation_key for page in french}
        self.total = len(french) * len(versions) + sum(
            1 for _version, pages in others for page in pages if page.translation_key not in keys
        )
        for page in french:
            self._publish(page, version=versions[0])
        for version, pages in others:
            self._publish_language(version, french, pages)
        return self.summary

    def _publish_language(self, version, french, pages):
        by_key = {page.translation_key: page for page in pages}
        progress = self._translation_progress(french, version.locale)
        for source_page in french:
            target = by_key.pop(source_page.translation_key, None)
            if target is None:
                target = self._alias_if_chosen(source_page, version)
                if target is None:
                    continue
            if target.alias_of_id:  # follows its French page (Wagtail updates it on publish)
                self._step()
                continue
            if not _is_live(source_page):
                self._leave(target, version, SOURCE_DRAFT)
                continue
            done, total = progress.get(source_page.translation_key, (0, 0))
            if done < total and self.untranslated != WITH_FRENCH_TEXT:
                self._leave(target, version, INCOMPLETE, done=done, total=total)
                continue
            self._publish(target, version=version)
        for page in by_key.values():  # pages that exist only in this language
            self._publish(page, version=version)

    def _alias_if_chosen(self, source_page, version):
        outcome = PageOutcome(source_page.pk, source_page.get_admin_display_title(), version.language_name)
        parent = source_page.get_parent().get_translation_or_none(version.locale)
        if (
            self.untranslated != WITH_FRENCH_TEXT
            or not _is_live(source_page)
            or parent is None
            or not parent.live
        ):
            outcome.reason = MISSING
            self.summary.drafts.append(outcome)
            self._step()
            return None
        with transaction.atomic():
            alias = source_page.copy_for_translation(version.locale, copy_parents=False, alias=True)
        self.summary.online.append(PageOutcome(alias.pk, outcome.title, outcome.language))
        return alias

    def _translation_progress(self, french, locale):
        """{translation key: (translated, total strings)} of the pages translated with
        wagtail-localize (a translation made by hand counts as finished)."""
        keys = [page.translation_key for page in french]
        sources = {
            source.pk: source.object_id
            for source in TranslationSource.objects.filter(
                object_id__in=keys,
                locale=french[0].locale if french else None,
                translations__target_locale=locale,
                translations__enabled=True,
            )
        }
        counts = translation_progress(list(sources), locale)
        return {sources[pk]: (done, total) for pk, (total, done) in counts.items()}

    def _publish(self, page, *, version):
        if page.live and not page.has_unpublished_changes:
            self.summary.already_online += 1
            self._step()
            return
        if page.workflow_in_progress:
            return self._leave(page, version, IN_MODERATION)
        if self.user is not None and not page.permissions_for_user(self.user).can_publish():
            return self._leave(page, version, NO_PERMISSION)
        if page.depth > 2 and not _is_live(page.get_parent()):
            return self._leave(page, version, PARENT_DRAFT)
        try:
            with transaction.atomic():
                revision = page.get_latest_revision() or page.save_revision(user=self.user)
                revision.publish(user=self.user)
        except Exception as error:  # reported; the other pages go on
            logger.exception("Publishing page %s failed", page.pk)
            return self._leave(page, version, FAILED, error=str(error))
        self.summary.online.append(
            PageOutcome(page.pk, page.get_admin_display_title(), version.language_name)
        )
        self._step()

    def _leave(self, page, version, reason, **details):
        self.summary.drafts.append(
            PageOutcome(page.pk, page.get_admin_display_title(), version.language_name, reason, details)
        )
        self._step()

    def _step(self):
        self.done += 1
        self.progress(self.done, self.total)


def publish_edition(edition, *, user=None, untranslated=TRANSLATED_ONLY, progress=None):
    """Publish ``edition`` (whichever language version was clicked) in every language; see
    the module docstring. ``progress(done, total)`` is called after each page."""
    source = source_language_edition(edition)
    return EditionPublisher(user, untranslated, progress).run(source)


__all__ = [
    "REASONS",
    "TRANSLATED_ONLY",
    "UNTRANSLATED_CHOICES",
    "WITH_FRENCH_TEXT",
    "PageOutcome",
    "PublishSummary",
    "can_publish_edition",
    "publish_edition",
]
