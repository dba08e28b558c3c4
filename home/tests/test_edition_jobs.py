"""An edition goes online as one act: "Publier l'édition" publishes the French pages and
their English versions (translated, or as aliases when the editor chooses so), says what
stayed a draft and why; it and "Démarrer l'édition suivante" run in the task worker with a
progress page. The dashboard's current edition follows the dates."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page, Workflow
from wagtail_localize.models import StringTranslation

from home.editions import start_next_edition
from home.editions.publishing import (
    IN_MODERATION,
    INCOMPLETE,
    MISSING,
    PARENT_DRAFT,
    SOURCE_DRAFT,
    WITH_FRENCH_TEXT,
    publish_edition,
)
from home.models import EditionJob, EditionPage
from home.tests.test_editions import build_2021_edition, subtree
from home.translation_fixes import repair_numchild
from portal import dashboard
from portal.roles import setup_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def edition_2021(module_database):
    with module_database():
        yield build_2021_edition()


@pytest.fixture
def copy_2022(edition_2021, db):
    """The 2021 edition copied into 2022: drafts in French and English."""
    return start_next_edition(EditionPage.objects.get(pk=edition_2021["source"]), dt.date(2022, 11, 28))


def english_of(page):
    return page.get_translation(Locale.objects.get(language_code="en"))


def reasons(summary):
    return {(outcome.title, outcome.language): outcome.reason for outcome in summary.drafts}


def page_titled(edition, title):
    return Page.objects.descendant_of(edition, inclusive=True).get(title=title).specific


# --- The service --------------------------------------------------------------------------


def test_publishing_puts_both_languages_online_and_clears_the_translation_list(copy_2022, client):
    summary = publish_edition(copy_2022)

    english = english_of(copy_2022)
    pages = subtree(copy_2022) + subtree(english)
    assert all(Page.objects.get(pk=page.pk).live for page in pages)
    assert (len(summary.online), summary.drafts) == (len(pages), [])
    assert client.get("/en/2022/").status_code == 200
    assert client.get("/fr/2022/").status_code == 200
    assert dashboard.translation_backlog() == []


def test_publishing_again_changes_nothing(copy_2022):
    publish_edition(copy_2022)

    again = publish_edition(copy_2022)

    assert (again.online, again.drafts) == ([], [])
    assert again.already_online == len(subtree(copy_2022)) * 2


def test_an_unfinished_translation_stays_a_draft_unless_the_editor_chooses_french_text(copy_2022):
    plenary = page_titled(copy_2022, "Plénière inspirante")
    StringTranslation.objects.filter(
        context__object_id=plenary.translation_key, locale__language_code="en"
    ).first().delete()

    summary = publish_edition(copy_2022)

    [(key, reason)] = reasons(summary).items()
    assert key == ("Inspiring plenary", "anglais")
    assert reason == INCOMPLETE
    assert "textes traduits sur" in summary.drafts[0].reason_text()
    assert not Page.objects.get(pk=english_of(plenary).pk).live

    summary = publish_edition(copy_2022, untranslated=WITH_FRENCH_TEXT)
    assert summary.drafts == []
    assert Page.objects.get(pk=english_of(plenary).pk).live


def test_a_page_without_english_version_is_reported_or_becomes_an_alias(copy_2022, client):
    practical = page_titled(copy_2022, "Infos pratiques")
    english_of(practical).delete()
    repair_numchild(english_of(copy_2022))

    summary = publish_edition(copy_2022)
    assert reasons(summary) == {("Infos pratiques", "anglais"): MISSING}

    publish_edition(copy_2022, untranslated=WITH_FRENCH_TEXT)
    alias = english_of(practical)
    assert alias.alias_of_id == practical.pk and alias.live
    assert client.get(alias.url).status_code == 200


def test_pages_in_moderation_stay_drafts_with_their_children_and_translations(copy_2022, edition_2021):
    setup_roles()
    day = page_titled(copy_2022, "Programme du 28/11")
    Workflow.objects.get(name="Relecture avant publication").start(day, None)

    summary = publish_edition(copy_2022)

    found = reasons(summary)
    assert found[(day.title, "français")] == IN_MODERATION
    assert found[("Plénière inspirante", "français")] == PARENT_DRAFT
    assert found[("Programme for 28 November", "anglais")] == SOURCE_DRAFT
    assert Page.objects.get(pk=page_titled(copy_2022, "Infos pratiques").pk).live


def test_progress_is_reported_page_by_page(copy_2022):
    steps = []
    publish_edition(copy_2022, progress=lambda done, total: steps.append((done, total)))

    total = len(subtree(copy_2022)) * 2
    assert steps[-1] == (total, total)
    assert [done for done, _total in steps] == list(range(1, total + 1))


# --- The dashboard's current edition ------------------------------------------------------


def test_the_dashboard_follows_the_new_edition_when_the_old_one_is_over(copy_2022, edition_2021):
    old = EditionPage.objects.get(pk=edition_2021["source"])

    assert dashboard.dashboard_edition(today=dt.date(2021, 11, 30)) == old
    assert dashboard.dashboard_edition(today=dt.date(2021, 12, 1)) == copy_2022


# --- The views and the worker -------------------------------------------------------------


def test_publish_view_queues_the_job_then_shows_the_summary(copy_2022, client, demo_users, run_tasks):
    client.force_login(demo_users.moderateur)
    url = reverse("home_publish_edition", args=[copy_2022.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"untranslated": "translated_only"})

    job = EditionJob.objects.get()
    assert response.url == reverse("home_edition_job", args=[job.pk])
    assert not Page.objects.get(pk=copy_2022.pk).live
    assert client.get(response.url + "?state").json()["status"] == "queued"
    run_tasks()
    state = client.get(response.url + "?state").json()
    assert state["finished"] and state["done"] == state["total"] > 0
    html = client.get(response.url).content.decode()
    assert "pages mises en ligne" in html
    assert "Toute l&#x27;édition est en ligne" in html or "Toute l'édition est en ligne" in html
    assert 'href="/en/2022/"' in html


def test_editors_cannot_publish_an_edition_nor_see_others_jobs(copy_2022, client, demo_users):
    client.force_login(demo_users.editeur)
    assert client.get(reverse("home_publish_edition", args=[copy_2022.pk])).status_code in (302, 403)
    job = EditionJob.objects.create(
        kind=EditionJob.Kind.PUBLISH, edition=copy_2022, user=demo_users.moderateur
    )
    assert client.get(reverse("home_edition_job", args=[job.pk])).status_code in (302, 403)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[copy_2022.pk])).content.decode()
    assert reverse("home_publish_edition", args=[copy_2022.pk]) not in edit


def test_bad_input_to_the_publish_view_is_a_form_error(copy_2022, admin_client):
    response = admin_client.post(reverse("home_publish_edition", args=[copy_2022.pk]), {"untranslated": "?"})

    assert response.status_code == 200
    assert response.context["form"].errors["untranslated"]
    assert not EditionJob.objects.exists()
    assert admin_client.get(reverse("home_edition_job", args=[987654]), follow=True).status_code == 404


def test_a_copy_refused_in_the_worker_says_why(edition_2021, admin_client, run_tasks):
    source = EditionPage.objects.get(pk=edition_2021["source"])
    response = admin_client.post(
        reverse("home_start_next_edition", args=[source.pk]), {"start_date": "2022-11-28"}
    )
    # Between the form and the worker, someone else started 2022.
    start_next_edition(source, dt.date(2022, 11, 28))

    run_tasks()

    job = EditionJob.objects.get()
    assert job.status == EditionJob.Status.FAILED
    html = admin_client.get(response.url).content.decode()
    assert "existe déjà" in html
    assert reverse("home_start_next_edition", args=[source.pk]) in html
