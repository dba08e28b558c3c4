"""The "Gestionnaires des inscriptions" group: its members (and superusers) see who
registered; other editors see counts only."""

from django.db import migrations

GROUP_NAME = "Gestionnaires des inscriptions"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    registration_type, _ = ContentType.objects.get_or_create(app_label="registrations", model="registration")
    personal_data, _ = Permission.objects.get_or_create(
        content_type=registration_type,
        codename="view_personal_data",
        defaults={"name": "Voir les données personnelles des inscrit·es"},
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(personal_data, access_admin)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
