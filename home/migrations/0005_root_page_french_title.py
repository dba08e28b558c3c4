"""The tree root, which editors see at the start of every breadcrumb and in the page
chooser, is titled in French ("Racine du site") instead of Wagtail's "Root"."""

from django.db import migrations

FRENCH_TITLE = "Racine du site"


def french_title(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title=FRENCH_TITLE, draft_title=FRENCH_TITLE)


def english_title(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=FRENCH_TITLE).update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_edition_jobs"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(french_title, english_title)]
