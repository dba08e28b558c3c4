"""Editorial roles: who writes, who publishes, who sees the people who registered.

Three groups and one moderation workflow, created or brought up to date by
``setup_roles()`` (``manage.py setup_roles``), which is safe to run any number of times:

- **Éditeurs** build the edition: add and edit pages, people, venues, images, documents and
  translations, then *submit* their changes; they cannot publish.
- **Modérateurs** can do all that and publish; they approve what editors submit.
- **Gestionnaires des inscriptions** see the registrations and the personal data in them
  (the registration app owns the ``view_personal_data`` permission; the group is reused
  when that app created it first).
- **Accueil** (volunteers at the door on the day) has nothing but check-in rights: the
  check-in screen and the route leaders' kits (``registrations.check_in``), no page,
  no export, no list of all registrations.

Administrators are superusers. Wagtail's first migration creates two English groups,
"Editors" and "Moderators", and a "Moderators approval" workflow on the tree root: they
are renamed in place rather than duplicated, so the admin only ever shows one set of
French roles. The workflow sits on the tree root, so it covers every page of every
language, including the English home page that wagtail-localize creates as a sibling of
the French one.

Permissions are only ever added, never removed: another app may grant a group more
(for instance the registration app), and running this again must not undo it.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from programme.registrations.permissions import CHECK_IN_PERMISSION, PERSONAL_DATA_PERMISSION

EDITORS = "Éditeurs"
MODERATORS = "Modérateurs"
REGISTRATION_MANAGERS = "Gestionnaires des inscriptions"
CHECK_IN_VOLUNTEERS = "Accueil"

WORKFLOW_NAME = "Relecture avant publication"
TASK_NAME = "Validation par un modérateur"


SNIPPETS = ("programme.person", "programme.venue")


def _model_permissions(model_labels, actions):
    return tuple(
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in model_labels
        for action in actions
    )


@dataclass(frozen=True)
class Role:
    """One group: its global permissions, its permissions on the whole page tree and on
    the root collection of images and documents."""

    name: str
    permissions: tuple = ()
    page_permissions: tuple = ()
    collection_permissions: tuple = ()
    # Wagtail's default group that becomes this one (renamed in place), if any.
    replaces: str | None = None
    # Permissions granted only when their app is installed (the registration app).
    optional_permissions: tuple = field(default=())


EDITOR_ROLE = Role(
    name=EDITORS,
    replaces="Editors",
    permissions=(
        "wagtailadmin.access_admin",
        "wagtail_localize.submit_translation",
        *_model_permissions(SNIPPETS, ("add", "change", "view")),
    ),
    page_permissions=("add_page", "change_page"),
    collection_permissions=(
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
)

MODERATOR_ROLE = Role(
    name=MODERATORS,
    replaces="Moderators",
    permissions=(
        "wagtailadmin.access_admin",
        "wagtail_localize.submit_translation",
        *_model_permissions(SNIPPETS, ("add", "change", "delete", "view")),
    ),
    page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    collection_permissions=(
        *EDITOR_ROLE.collection_permissions,
        "wagtailimages.delete_image",
        "wagtaildocs.delete_document",
    ),
)

REGISTRATION_MANAGER_ROLE = Role(
    name=REGISTRATION_MANAGERS,
    permissions=("wagtailadmin.access_admin",),
    # They write the introductions of the registration e-mails (issue 15).
    optional_permissions=(
        PERSONAL_DATA_PERMISSION,
        CHECK_IN_PERMISSION,
        "registrations.change_emailintroductions",
    ),
)

CHECK_IN_ROLE = Role(
    name=CHECK_IN_VOLUNTEERS,
    permissions=("wagtailadmin.access_admin",),
    optional_permissions=(CHECK_IN_PERMISSION,),
)

ROLES = (EDITOR_ROLE, MODERATOR_ROLE, REGISTRATION_MANAGER_ROLE, CHECK_IN_ROLE)


def _permission(label, required=True):
    app_label, codename = label.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is None and required:
        raise LookupError(f"Permission {label} not found: run migrate first.")
    return permission


def _group(role):
    """The role's group: found by its French name, else Wagtail's default group renamed,
    else a new one."""
    group = Group.objects.filter(name=role.name).first()
    if group is None and role.replaces:
        group = Group.objects.filter(name=role.replaces).first()
        if group is not None:
            group.name = role.name
            group.save(update_fields=["name"])
    if group is None:
        group, _ = Group.objects.get_or_create(name=role.name)
    return group


def setup_role(role):
    group = _group(role)
    permissions = [_permission(label) for label in role.permissions]
    permissions += [p for label in role.optional_permissions if (p := _permission(label, required=False))]
    group.permissions.add(*permissions)

    root_page = Page.get_first_root_node()
    for codename in role.page_permissions:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=_permission(f"wagtailcore.{codename}")
        )
    root_collection = Collection.get_first_root_node()
    for label in role.collection_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=_permission(label)
        )
    return group


def _workflow_object(model, name, legacy_name):
    obj = model.objects.filter(name=name).first()
    if obj is None:
        obj = model.objects.filter(name=legacy_name).first()
        if obj is not None:
            obj.name = name
            obj.save(update_fields=["name"])
    if obj is None:
        obj = model.objects.create(name=name)
    return obj


def setup_workflow(moderators):
    """The one moderation workflow, on the tree root: a moderator approves (and so
    publishes) what an editor submits."""
    workflow = _workflow_object(Workflow, WORKFLOW_NAME, "Moderators approval")
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = _workflow_object(GroupApprovalTask, TASK_NAME, "Moderators approval")
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def setup_roles():
    """Create or complete the groups and the workflow. Returns {group name: Group}."""
    # Permissions are created by migrate's post-migrate signal; a flushed database (a
    # transactional test) has none until they are made again. Idempotent and cheap.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    # wagtail-localize creates this one in a data migration, on a model-less content type.
    localize_type, _ = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    Permission.objects.get_or_create(
        content_type=localize_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    groups = {role.name: setup_role(role) for role in ROLES}
    setup_workflow(groups[MODERATORS])
    return groups
