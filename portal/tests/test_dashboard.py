"""The editors' dashboard: the edition in progress with its sessions and registrations,
the translations to do, and Wagtail's moderation panels kept."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page

from home.factories import EditionPageFactory
from portal import dashboard
from programme.factories import ProgrammeDayPageFactory, RoutePageFactory, WorkshopPageFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2022, 6, 1)


def register(page, count, **kwargs):
    from programme.registrations import services

    now = datetime.datetime(2021, 11, 1, 10, tzinfo=datetime.UTC)
    for n in range(count):
        services.register(
            page, email=f"personne{n}@example.org", first_name="Prénom", last_name=f"Nom {n}", now=now
        )


# --- Which edition ----------------------------------------------------------------------


def test_the_edition_being_prepared_comes_before_the_last_one_even_as_a_draft(site_tree):
    EditionPageFactory(parent=site_tree.home, year=2021)
    next_one = EditionPageFactory(parent=site_tree.home, year=2022, live=False)

    assert dashboard.dashboard_edition(today=TODAY) == next_one


def test_when_every_edition_is_over_the_newest_one_is_shown(site_tree):
    EditionPageFactory(parent=site_tree.home, year=2020)
    newest = EditionPageFactory(parent=site_tree.home, year=2021)

    assert dashboard.dashboard_edition(today=TODAY) == newest


def test_no_edition_yet(site_tree):
    assert dashboard.dashboard_edition(today=TODAY) is None


# --- The programme ----------------------------------------------------------------------


def test_days_by_date_and_sessions_in_the_order_editors_drag_them(programme):
    second_day = ProgrammeDayPageFactory(
        parent=programme.edition, title="Mardi", date=programme.edition.start_date
    )
    programme.edition.end_date = programme.edition.start_date + datetime.timedelta(days=1)
    second_day.date = programme.edition.end_date
    second_day.save()
    route = RoutePageFactory(parent=second_day, title="Parcours vélo", live=False)

    days = dashboard.edition_programme(programme.edition)
    assert [row.day for row in days] == [programme.day, second_day]
    assert [s.page for s in days[0].sessions] == [programme.plenary, programme.workshop]
    assert [s.page for s in days[1].sessions] == [route]  # drafts are listed too

    # Drag and drop in the explorer moves the page in the tree.
    Page.objects.get(pk=programme.workshop.pk).move(Page.objects.get(pk=programme.plenary.pk), pos="left")

    days = dashboard.edition_programme(programme.edition)
    assert [s.page.pk for s in days[0].sessions] == [programme.workshop.pk, programme.plenary.pk]


def test_fill_rate_and_full_sessions():
    row = dashboard.SessionRow(
        page=WorkshopPageFactory.build(registration_required=True, capacity=30),
        counts=dashboard.RegistrationCounts(confirmed=30, waiting=4),
    )
    assert row.fill_rate == 100
    assert row.is_full
    assert row.waiting == 4

    half = dashboard.SessionRow(
        page=WorkshopPageFactory.build(registration_required=True, capacity=200),
        counts=dashboard.RegistrationCounts(confirmed=50),
    )
    assert half.fill_rate == 25
    assert not half.is_full

    free = dashboard.SessionRow(page=WorkshopPageFactory.build(registration_required=False), counts=None)
    assert free.fill_rate is None
    assert not free.is_full


def test_sessions_show_their_registration_counts(programme):
    register(programme.plenary, 3)

    [day] = dashboard.edition_programme(programme.edition)
    plenary, workshop = day.sessions

    assert (plenary.counts.confirmed, plenary.counts.waiting) == (3, 0)
    assert plenary.fill_rate == 2  # 3 of 200
    assert workshop.counts is None  # no registration needed


def test_a_full_session_shows_its_waiting_list(programme):
    programme.workshop.registration_required = True
    programme.workshop.capacity = 2
    programme.workshop.waiting_list_enabled = True
    programme.workshop.save_revision().publish()
    register(programme.workshop, 5)

    [day] = dashboard.edition_programme(programme.edition)
    workshop = day.sessions[1]

    assert (workshop.counts.confirmed, workshop.waiting) == (2, 3)
    assert workshop.is_full


# --- Translations -----------------------------------------------------------------------


def translate(page, locale, *, strings=True, capture=None):
    """Submit ``page`` for translation into ``locale``, translate every string (or none)
    and publish the translation."""
    from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page)
    Translation.objects.get_or_create(source=source, target_locale=locale)
    if strings:
        for segment in StringSegment.objects.filter(source=source).select_related("string"):
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                context=segment.context,
                locale=locale,
                defaults={"data": f"EN {segment.string.data}", "translation_type": "manual"},
            )
    with capture(execute=True):
        translated, _ = source.create_or_update_translation(locale, publish=True, fallback=True)
    return translated


def states(items):
    return {(item.page.pk, item.locale.language_code): item.state for item in items}


def test_a_page_without_english_version_is_to_translate(site_tree):
    items = dashboard.translation_backlog()

    assert states(items) == {(site_tree.home.pk, "en"): dashboard.MISSING}
    assert items[0].action_url == reverse(
        "wagtail_localize:submit_page_translation", args=[site_tree.home.pk]
    )


def test_translated_page_is_no_longer_listed(site_tree, django_capture_on_commit_callbacks):
    translate(site_tree.home, site_tree.locales.en, capture=django_capture_on_commit_callbacks)

    assert dashboard.translation_backlog() == []


def test_unfinished_translation_shows_its_progress(site_tree, django_capture_on_commit_callbacks):
    translate(site_tree.home, site_tree.locales.en, strings=False, capture=django_capture_on_commit_callbacks)

    [item] = dashboard.translation_backlog()

    assert item.state == dashboard.INCOMPLETE
    assert item.total > 0
    assert item.translated == 0


def test_source_changed_since_the_last_sync(site_tree, django_capture_on_commit_callbacks):
    translate(site_tree.home, site_tree.locales.en, capture=django_capture_on_commit_callbacks)
    home = Page.objects.get(pk=site_tree.home.pk).specific
    home.intro = "<p>Nouvelle présentation.</p>"
    home.save_revision().publish()

    [item] = dashboard.translation_backlog()

    assert item.state == dashboard.OUTDATED
    assert "update" in item.action_url


def test_unpublished_translation(site_tree, django_capture_on_commit_callbacks):
    english_home = translate(site_tree.home, site_tree.locales.en, capture=django_capture_on_commit_callbacks)
    Page.objects.get(pk=english_home.pk).unpublish()

    assert states(dashboard.translation_backlog()) == {(site_tree.home.pk, "en"): dashboard.UNPUBLISHED}


def test_a_published_alias_is_the_editors_choice_and_not_work(site_tree, django_capture_on_commit_callbacks):
    translate(site_tree.home, site_tree.locales.en, capture=django_capture_on_commit_callbacks)
    edition = EditionPageFactory(parent=site_tree.home, year=2021)
    alias = edition.copy_for_translation(site_tree.locales.en, copy_parents=False, alias=True)
    assert alias.live

    assert dashboard.translation_backlog() == []
    Page.objects.get(pk=alias.pk).unpublish()
    assert states(dashboard.translation_backlog()) == {(edition.pk, "en"): dashboard.UNPUBLISHED}


def test_a_french_page_not_published_yet_is_not_listed(site_tree, django_capture_on_commit_callbacks):
    translate(site_tree.home, site_tree.locales.en, capture=django_capture_on_commit_callbacks)
    EditionPageFactory(parent=site_tree.home, year=2022, live=False)

    assert dashboard.translation_backlog() == []


# --- The admin home -----------------------------------------------------------------------


def test_editor_dashboard_shows_the_edition_its_sessions_and_the_translations(client, demo_users, programme):
    client.force_login(demo_users.editeur)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Édition en cours : Édition 2021" in html
    assert "Plénière d&#x27;ouverture" in html or "Plénière d'ouverture" in html
    assert "Atelier Communs numériques" in html
    assert "/ 200" in html
    assert reverse("wagtailadmin_pages:add_subpage", args=[programme.day.pk]) in html
    assert reverse("wagtailadmin_explore", args=[programme.day.pk]) + "?ordering=ord" not in html
    assert 'id="ectl-translations-section"' in html

    client.force_login(demo_users.moderateur)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_explore", args=[programme.day.pk]) + "?ordering=ord" in html


def test_dashboard_counts_registrations_for_every_role_but_names_for_none(client, demo_users, programme):
    register(programme.plenary, 3)

    for user in (demo_users.editeur, demo_users.gestionnaire):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "3 / 200" in html
        assert "Nom 0" not in html


def test_registration_manager_sees_counts_without_edit_links_or_translations(client, demo_users, programme):
    client.force_login(demo_users.gestionnaire)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Atelier Communs numériques" in html
    assert reverse("wagtailadmin_pages:edit", args=[programme.workshop.pk]) not in html
    assert 'id="ectl-translations-section"' not in html


def test_wagtails_moderation_panel_stays_next_to_ours(client, demo_users, programme):
    programme.workshop.save_revision(user=demo_users.editeur)
    from wagtail.models import Workflow

    Workflow.objects.get(name="Relecture avant publication").start(programme.workshop, demo_users.editeur)
    client.force_login(demo_users.moderateur)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert 'id="awaiting-review-section"' in html
    assert 'id="ectl-edition-section"' in html
    assert html.index('id="ectl-edition-section"') < html.index('id="awaiting-review-section"')


def test_only_registration_managers_get_a_link_to_a_sessions_registrations(client, demo_users, programme):
    from programme.registrations.admin_views import URL_NAMESPACE

    session_url = reverse(f"{URL_NAMESPACE}:session", args=[programme.plenary.translation_key])
    overview_url = reverse(f"{URL_NAMESPACE}:overview")

    client.force_login(demo_users.gestionnaire)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert session_url in html
    assert overview_url in html

    client.force_login(demo_users.editeur)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert session_url not in html
    assert overview_url in html  # counts by session are for every editor
