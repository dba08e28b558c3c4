"""Copying an edition: ``start_next_edition`` checks, then copies each language version of
the edition's tree, the French and English copies sharing their new translation keys,
their dates moved and their titles rewritten, then links their wagtail-localize records."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from wagtail.actions.copy_page import CopyPageAction
from wagtail.models import Page

from home.editions.dates import date_fields, replace_year, rewrite_dates, shift_date
from home.editions.errors import EditionCopyError
from home.editions.planning import (
    can_start_next_edition,
    check_target,
    language_versions,
    plan_next_edition,
    source_language_edition,
    source_problems,
)
from home.editions.translations import link_localize_records
from home.translation_fixes import repair_numchild


def start_next_edition(
    source_edition, new_start_date, *, keep_weekdays=False, user=None, edition_fields=None
):
    """Copy ``source_edition`` (and its translations) into a new edition starting on
    ``new_start_date``; return the new French edition, a draft. All or nothing.

    ``edition_fields`` ({language code: {field: value}}) sets fields of the new edition
    page in each language, e.g. the demonstration edition's title."""
    with transaction.atomic():
        source = source_language_edition(source_edition)
        versions = language_versions(source)
        # Two editors starting the same year at once: the second waits, then sees the first.
        list(Page.objects.select_for_update().filter(pk__in=[v.home.pk for v in versions]))

        plan = plan_next_edition(source, new_start_date, keep_weekdays=keep_weekdays)
        if user is not None and not can_start_next_edition(user, source):
            raise EditionCopyError("permission")
        check_target(plan, versions)
        problems = source_problems(source, versions)
        if problems:
            raise problems[0]

        copier = EditionCopier(plan, user=user, edition_fields=edition_fields or {})
        try:
            copies = {version.locale.pk: copier.copy_tree(version) for version in versions}
        except ValidationError as error:
            raise EditionCopyError(
                "invalid_page", title=copier.current_title, error="; ".join(error.messages)
            ) from error
        link_localize_records(copies, versions, copier)
        return copies[source.locale_id][0][1]


# Wagtail bookkeeping that a new draft must not inherit.
RESET_ATTRS = {
    "locked": False,
    "locked_at": None,
    "locked_by": None,
    "go_live_at": None,
    "expire_at": None,
    "expired": False,
}
TITLE_FIELDS = ("title", "draft_title", "seo_title")


class SharedKeysCopyAction(CopyPageAction):
    """Wagtail's page copy, with the new translation keys of child objects taken from a map
    shared by every language: the French and the English copies of one session person get
    the same new key, and stay translations of each other."""

    def __init__(self, page, *, key_map, **kwargs):
        super().__init__(page, **kwargs)
        self.key_map = key_map

    def generate_translation_key(self, old_uuid):
        return self.key_map.setdefault(old_uuid, uuid.uuid4())


class EditionCopier:
    """Copies one language version of an edition after another, sharing the new keys."""

    def __init__(self, plan, *, user, edition_fields):
        self.plan = plan
        self.user = user
        self.edition_fields = edition_fields
        self.key_map = {}  # old translation key -> new one, for pages and child objects
        self.new_by_old_id = {}  # old page id -> new page
        self.rewritten = {}  # new translation key -> text fields the copy rewrote, in any language
        self.current_title = ""

    def copy_tree(self, version):
        """Copy ``version.edition`` and its descendants under ``version.home``; return the
        (old page, new page) pairs in tree order."""
        pairs = []
        root_fields = {
            "year": self.plan.year,
            "slug": str(self.plan.year),
            **self.edition_fields.get(version.locale.language_code, {}),
        }
        repair_numchild(version.home)
        self._copy(version.edition.specific, version.home, root_fields, pairs)
        return pairs

    def _copy(self, page, parent, extra_fields, pairs):
        self.current_title = page.get_admin_display_title()
        new_key = self.key_map.setdefault(page.translation_key, uuid.uuid4())
        if page.alias_of_id in self.new_by_old_id:
            new = self._alias(page, parent, new_key, extra_fields.get("slug", page.slug))
        else:
            attrs = {**RESET_ATTRS, "translation_key": new_key, **self._shifted_dates(page)}
            attrs.update(self._rewritten_text(page, attrs))
            attrs.update(extra_fields)
            if "title" in extra_fields:
                attrs["draft_title"] = extra_fields["title"]
            new = SharedKeysCopyAction(
                page,
                key_map=self.key_map,
                to=parent,
                update_attrs=attrs,
                copy_revisions=False,
                keep_live=False,
                user=self.user,
                process_child_object=self._process_child_object,
            ).execute(skip_permission_checks=True)
            self.rewritten.setdefault(new_key, set()).update(
                name for name in attrs if name in (*TITLE_FIELDS, "slug", *extra_fields)
            )
        self.new_by_old_id[page.pk] = new
        pairs.append((page, new))
        # By path, not get_children(): treebeard trusts numchild, which may be stale.
        for child in Page.objects.child_of(page).order_by("path").specific():
            self._copy(child, new, {}, pairs)

    def _alias(self, page, parent, new_key, slug):
        """An alias of a page of the edition stays an alias, of that page's copy: an
        English placeholder of a French page (same key), or an alias in the same language."""
        original = self.new_by_old_id[page.alias_of_id]
        same_language = original.locale_id == page.locale_id
        alias = original.create_alias(
            parent=parent,
            update_slug=slug,
            update_locale=page.locale,
            reset_translation_key=same_language,
            user=self.user,
        )
        if same_language:
            Page.objects.filter(pk=alias.pk).update(translation_key=new_key)
            alias.translation_key = new_key
        return alias

    def _shifted_dates(self, instance):
        return {
            field.name: shift_date(getattr(instance, field.name), self.plan.offset)
            for field in date_fields(type(instance))
        }

    def _process_child_object(self, page, page_copy, child_relation, child_object):
        for name, value in self._shifted_dates(child_object).items():
            setattr(child_object, name, value)

    def _rewritten_text(self, page, shifted):
        """Titles with the new year and the page's own dates; slugs made from the title
        follow it."""
        language = page.locale.language_code
        moves = {
            getattr(page, field.name): shifted[field.name]
            for field in date_fields(type(page))
            if not isinstance(field, models.DateTimeField) and getattr(page, field.name)
        }
        changed = {}
        for name in TITLE_FIELDS:
            old = getattr(page, name) or ""
            new = replace_year(rewrite_dates(old, moves, language), self.plan.source.year, self.plan.year)
            if new != old:
                changed[name] = new
        if "title" in changed and page.slug == slugify(page.title):
            changed["slug"] = slugify(changed["title"])
        else:
            slug = replace_year(
                rewrite_dates(page.slug, moves, language, slug=True), self.plan.source.year, self.plan.year
            )
            if slug != page.slug:
                changed["slug"] = slug
        return changed
