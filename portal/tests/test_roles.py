"""Roles: each demo account logs in and can do what its role allows, and nothing more."""

import io
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowState

from home.factories import HomePageFactory
from portal.roles import (
    CHECK_IN_VOLUNTEERS,
    EDITORS,
    MODERATORS,
    REGISTRATION_MANAGERS,
    TASK_NAME,
    WORKFLOW_NAME,
    setup_roles,
)
from programme.models import WorkshopPage
from tests.helpers import edit_page_url, is_refused

pytestmark = pytest.mark.django_db


def menu_items(client):
    """{name: url} of every item of the admin's sidebar menu, submenus included."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'<script[^>]*id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    items = {}

    def walk(node):
        if isinstance(node, dict):
            if "name" in node and "label" in node:
                name = node["name"]
                # telepath packs repeated values as {"_val": value, "_id": n}
                name = name.get("_val") if isinstance(name, dict) else name
                items[name] = node.get("url")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    return items


# --- setup_roles ----------------------------------------------------------------------


def test_setup_roles_gives_french_groups_instead_of_wagtails_english_ones():
    setup_roles()

    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, MODERATORS, REGISTRATION_MANAGERS} <= names
    assert not names & {"Editors", "Moderators"}


def test_setup_roles_can_run_again_without_duplicating_anything():
    setup_roles()
    snapshot = (
        sorted(Group.objects.values_list("name", flat=True)),
        sorted(Group.permissions.through.objects.values_list("group__name", "permission__codename")),
        GroupPagePermission.objects.count(),
        sorted(Workflow.objects.values_list("name", flat=True)),
    )

    setup_roles()

    assert snapshot == (
        sorted(Group.objects.values_list("name", flat=True)),
        sorted(Group.permissions.through.objects.values_list("group__name", "permission__codename")),
        GroupPagePermission.objects.count(),
        sorted(Workflow.objects.values_list("name", flat=True)),
    )


def test_editors_write_and_moderators_also_publish():
    groups = setup_roles()

    def page_codenames(name):
        return set(
            GroupPagePermission.objects.filter(group=groups[name]).values_list(
                "permission__codename", flat=True
            )
        )

    assert page_codenames(EDITORS) == {"add_page", "change_page"}
    assert {"add_page", "change_page", "publish_page"} <= page_codenames(MODERATORS)
    assert page_codenames(REGISTRATION_MANAGERS) == set()


def test_one_workflow_on_the_tree_root_where_moderators_approve(site_tree):
    groups = setup_roles()
    english_home = HomePageFactory(
        parent=site_tree.root, title="Home", slug="home", locale=site_tree.locales.en
    )

    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow
    [task] = [task.specific for task in workflow.tasks.all()]
    assert task.name == TASK_NAME
    assert list(task.groups.all()) == [groups[MODERATORS]]
    # Every page of every language, the English home page included, goes through it.
    assert site_tree.home.get_workflow() == workflow
    assert english_home.get_workflow() == workflow


def test_registration_managers_group_made_by_the_registration_app_is_kept():
    group, _ = Group.objects.get_or_create(name=REGISTRATION_MANAGERS)
    extra = Permission.objects.get(codename="view_image")
    group.permissions.add(extra)

    groups = setup_roles()

    assert groups[REGISTRATION_MANAGERS].pk == group.pk
    assert groups[REGISTRATION_MANAGERS].permissions.filter(pk=extra.pk).exists()
    assert Group.objects.filter(name=REGISTRATION_MANAGERS).count() == 1


# --- load_demo_users --------------------------------------------------------------------


def test_demo_accounts_are_refused_outside_development(settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="développement"):
        call_command("load_demo_users", stdout=io.StringIO())

    assert not django_user_model.objects.exists()


def test_demo_accounts_are_printed_and_can_be_loaded_twice(settings, django_user_model):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("load_demo_users", stdout=out)
    call_command("load_demo_users", stdout=out)

    for username in ("administrateur", "editeur", "moderateur", "gestionnaire", "accueil"):
        assert f"{username}" in out.getvalue()
        assert f"demo-{username}" in out.getvalue()
    assert django_user_model.objects.count() == 5
    assert django_user_model.objects.get(username="administrateur").is_superuser
    assert list(django_user_model.objects.get(username="editeur").groups.values_list("name", flat=True)) == [
        EDITORS
    ]


@pytest.mark.parametrize("username", ["administrateur", "editeur", "moderateur", "gestionnaire", "accueil"])
def test_every_demo_account_logs_into_the_admin(client, demo_users, username):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": f"demo-{username}"}, follow=True
    )

    assert response.status_code == 200
    assert response.wsgi_request.user.username == username
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


# --- What each role sees --------------------------------------------------------------


def test_editor_sees_content_menus_but_no_settings(client, demo_users):
    client.force_login(demo_users.editeur)

    items = menu_items(client)

    assert {"explorer", "images", "documents", "personnes", "lieux"} <= items.keys()
    assert not {"users", "groups", "workflows-list", "sites", "locales"} & items.keys()
    assert is_refused(client.get(reverse("wagtailusers_users:index")))
    assert is_refused(client.get(reverse("wagtailadmin_workflows:index")))


def test_registration_manager_does_not_edit_pages(client, demo_users, programme):
    client.force_login(demo_users.gestionnaire)

    assert "explorer" not in menu_items(client)
    assert is_refused(client.get(edit_page_url(programme.workshop)))


def test_administrator_sees_settings(client, demo_users):
    client.force_login(demo_users.administrateur)

    assert {"users", "groups", "workflows-list"} & menu_items(client).keys()


def test_only_registration_managers_see_personal_data(demo_users):
    assert demo_users.gestionnaire.has_perm("registrations.view_personal_data")
    assert not demo_users.editeur.has_perm("registrations.view_personal_data")
    assert not demo_users.moderateur.has_perm("registrations.view_personal_data")


def test_registration_manager_has_the_list_of_registrations_and_editors_only_counts(client, demo_users):
    client.force_login(demo_users.gestionnaire)
    manager_items = menu_items(client)
    assert {"registrations", "registrations-overview", "registrations-all"} <= manager_items.keys()
    assert client.get(manager_items["registrations-all"]).status_code == 200

    for user in (demo_users.editeur, demo_users.moderateur):
        client.force_login(user)
        items = menu_items(client)
        assert "registrations-overview" in items  # counts by session
        assert "registrations-all" not in items
        assert is_refused(client.get(manager_items["registrations-all"]))


# --- Moderation -------------------------------------------------------------------------


def test_editor_cannot_publish_and_submits_for_moderation(client, demo_users, programme, page_form_data):
    workshop = programme.workshop
    client.force_login(demo_users.editeur)
    data = page_form_data(client, edit_page_url(workshop), WorkshopPage)
    assert b'name="action-publish"' not in client.get(edit_page_url(workshop)).content
    data["title"] = "Atelier Communs numériques (nouvelle version)"

    data["action-publish"] = "action-publish"
    client.post(edit_page_url(workshop), data)
    workshop.refresh_from_db()
    assert workshop.title == "Atelier Communs numériques"  # not published

    del data["action-publish"]
    data["action-submit"] = "action-submit"
    response = client.post(edit_page_url(workshop), data)

    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(workshop.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME
    workshop.refresh_from_db()
    assert workshop.title == "Atelier Communs numériques"


def test_moderator_approves_and_the_editors_change_goes_live(client, demo_users, programme, page_form_data):
    workshop = programme.workshop
    client.force_login(demo_users.editeur)
    data = page_form_data(client, edit_page_url(workshop), WorkshopPage)
    data["title"] = "Atelier Communs numériques (nouvelle version)"
    data["action-submit"] = "action-submit"
    client.post(edit_page_url(workshop), data)
    state = WorkflowState.objects.get(object_id=str(workshop.pk))

    client.force_login(demo_users.moderateur)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "nouvelle version" in dashboard  # Wagtail's "awaiting your review" panel
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[workshop.pk, "approve", state.current_task_state.pk]
        )
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.live
    assert workshop.title == "Atelier Communs numériques (nouvelle version)"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_editor_cannot_approve_a_submission(client, demo_users, programme, page_form_data):
    workshop = programme.workshop
    client.force_login(demo_users.editeur)
    data = page_form_data(client, edit_page_url(workshop), WorkshopPage)
    data["title"] = "Titre soumis"
    data["action-submit"] = "action-submit"
    client.post(edit_page_url(workshop), data)
    state = WorkflowState.objects.get(object_id=str(workshop.pk))

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[workshop.pk, "approve", state.current_task_state.pk]
        )
    )

    assert response.status_code in (302, 403)
    workshop.refresh_from_db()
    assert workshop.title == "Atelier Communs numériques"


def test_moderator_publishes_directly(client, demo_users, programme, page_form_data):
    workshop = programme.workshop
    client.force_login(demo_users.moderateur)
    data = page_form_data(client, edit_page_url(workshop), WorkshopPage)
    data["title"] = "Atelier publié par la modératrice"
    data["action-publish"] = "action-publish"

    response = client.post(edit_page_url(workshop), data)

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Atelier publié par la modératrice"


def test_the_accueil_role_has_nothing_but_check_in_rights():
    groups = setup_roles()
    accueil = groups[CHECK_IN_VOLUNTEERS]

    assert {p.codename for p in accueil.permissions.all()} == {"access_admin", "check_in"}
    assert not GroupPagePermission.objects.filter(group=accueil).exists()
    assert "check_in" in set(groups[REGISTRATION_MANAGERS].permissions.values_list("codename", flat=True))
