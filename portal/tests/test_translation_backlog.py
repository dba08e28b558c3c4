""" "Traductions à faire" on the full demo (both editions, French and English): empty
after ``load_demo``, and one row for each real piece of work: a French page published with
new content since its last synchronisation, a synchronisation not yet published, strings
left untranslated, a page without English version, a next edition copied and published in
French only. Rows name their edition, since the same titles come back every year."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail_localize.models import Translation, TranslationSource

from home.editions import start_next_edition
from home.models import EditionPage
from home.translation_fixes import save_translation
from portal import dashboard
from programme.factories import WorkshopPageFactory
from programme.models import ProgrammeDayPage, WorkshopPage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_database(module_database):
    """``load_demo`` as ``make run`` does it (2021 and the demonstration edition, in French
    and English), once for the module; each test runs in a savepoint rolled back after it."""
    with module_database():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=StringIO())
        yield


@pytest.fixture
def demo(demo_database, db):
    return EditionPage.objects.filter(locale__language_code="fr").order_by("year")


def english():
    return Locale.objects.get(language_code="en")


def rows():
    return {
        (item.page.pk, item.edition.year if item.edition else None): item.state
        for item in dashboard.translation_backlog()
    }


def french_session(edition, slug):
    return WorkshopPage.objects.descendant_of(edition).get(slug=slug)


def publish_change(page, **fields):
    page = WorkshopPage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return WorkshopPage.objects.get(pk=page.pk)


def sync(page, *, publish):
    """ "Synchroniser les pages traduites", with or without "Publier immédiatement"."""
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    source.update_from_db()
    for translation in Translation.objects.filter(source=source, enabled=True):
        with TestCase.captureOnCommitCallbacks(execute=True):
            save_translation(translation, publish=publish)
    return source


def test_a_fresh_demo_has_nothing_to_translate(demo):
    assert [edition.year for edition in demo][0] == 2021
    assert len(demo) == 2
    assert dashboard.translation_backlog() == []


def test_publishing_a_french_page_again_without_change_is_not_work(demo):
    for page in Page.objects.filter(locale__language_code="fr", live=True).order_by("path")[:10]:
        page.specific.save_revision().publish()

    assert dashboard.translation_backlog() == []


def test_a_french_change_is_listed_once_with_its_edition_and_its_sync_link(demo):
    page = publish_change(french_session(demo[0], "table-ronde"), summary="Quatre lieux racontent.")

    [item] = dashboard.translation_backlog()

    assert (item.page.pk, item.state, item.edition.year) == (page.pk, dashboard.OUTDATED, 2021)
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    assert item.action_url == reverse("wagtail_localize:update_translations", args=[source.pk])


def test_rows_with_the_same_title_in_two_editions_are_told_apart(demo, admin_client):
    old, new = (french_session(edition, "table-ronde") for edition in demo)
    assert old.title == new.title
    publish_change(old, summary="Quatre lieux racontent.")
    publish_change(new, summary="Cinq lieux racontent.")

    assert rows() == {(old.pk, 2021): dashboard.OUTDATED, (new.pk, demo[1].year): dashboard.OUTDATED}
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="ectl-translations-section"') :]
    assert f"<td>{demo[1].year}</td>" in panel
    assert "<td>2021</td>" in panel


def test_a_french_draft_is_not_work_yet(demo):
    page = french_session(demo[0], "table-ronde")
    page.summary = "Un brouillon en relecture."
    page.save_revision()

    assert dashboard.translation_backlog() == []


def test_a_sync_published_clears_the_row(demo):
    # A synchronised field: nothing new to translate once synchronised.
    page = publish_change(french_session(demo[0], "table-ronde"), start_time=dt.time(16, 0))
    assert rows() == {(page.pk, 2021): dashboard.OUTDATED}
    sync(page, publish=True)

    assert page.get_translation(english()).specific.start_time == dt.time(16, 0)
    assert dashboard.translation_backlog() == []


def test_a_sync_saved_as_draft_waits_for_its_publication(demo):
    page = publish_change(french_session(demo[0], "table-ronde"), start_time=dt.time(16, 0))
    sync(page, publish=False)
    target = page.get_translation(english())

    [item] = dashboard.translation_backlog()

    assert (item.page.pk, item.state) == (page.pk, dashboard.UNPUBLISHED)
    assert item.action_url == reverse("wagtailadmin_pages:edit", args=[target.pk])
    target.get_latest_revision().publish()
    assert dashboard.translation_backlog() == []


def test_new_french_text_left_untranslated_after_a_sync_is_in_progress(demo):
    page = french_session(demo[0], "table-ronde")
    page.body.append(("paragraph", RichText("<p>Une phrase toute neuve.</p>")))
    page.save_revision().publish()
    sync(WorkshopPage.objects.get(pk=page.pk), publish=True)

    [item] = dashboard.translation_backlog()

    assert (item.page.pk, item.state) == (page.pk, dashboard.INCOMPLETE)
    assert item.translated == item.total - 1


def test_a_new_french_page_without_english_version_is_to_translate(demo):
    day = ProgrammeDayPage.objects.child_of(demo[1]).order_by("date").first()
    workshop = WorkshopPageFactory(parent=day, title="Atelier imprévu", slug="atelier-imprevu")
    workshop.save_revision().publish()

    [item] = dashboard.translation_backlog()

    assert (item.page.pk, item.state, item.edition) == (workshop.pk, dashboard.MISSING, demo[1])
    assert item.action_url == reverse("wagtail_localize:submit_page_translation", args=[workshop.pk])


def test_an_unpublished_english_version_is_listed(demo):
    page = french_session(demo[0], "table-ronde")
    page.get_translation(english()).unpublish()

    assert rows() == {(page.pk, 2021): dashboard.UNPUBLISHED}


def test_a_translation_whose_sync_was_stopped_is_compared_by_publication(demo):
    page = french_session(demo[0], "table-ronde")
    Translation.objects.filter(source__object_id=page.translation_key).update(enabled=False)
    assert dashboard.translation_backlog() == []

    publish_change(page, summary="Quatre lieux racontent.")

    assert rows() == {(page.pk, 2021): dashboard.CHANGED}


def test_the_next_edition_copy_is_listed_only_while_its_english_pages_are_offline(demo):
    source = demo[1]
    new = start_next_edition(source, source.start_date + dt.timedelta(weeks=52), keep_weekdays=True)
    french_pages = list(Page.objects.descendant_of(new, inclusive=True).order_by("path"))
    # A draft edition: nothing to translate yet.
    assert dashboard.translation_backlog() == []

    # Published in French only (the trap of friction 2): every page, named with its year.
    for page in french_pages:
        page.get_latest_revision().publish()
    assert rows() == {(page.pk, new.year): dashboard.UNPUBLISHED for page in french_pages}

    for page in Page.objects.descendant_of(new.get_translation(english()), inclusive=True).order_by("path"):
        if page.alias_of_id is None:
            page.get_latest_revision().publish()
    assert dashboard.translation_backlog() == []
