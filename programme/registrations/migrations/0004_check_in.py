"""On the day: a check-in code per registration (the QR code's), walk-ins, and the
permission of the "Accueil" role. Existing registrations get a code each."""

from django.db import migrations, models

import programme.registrations.models


def give_codes(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    for registration in Registration.objects.filter(check_in_code__isnull=True).only("pk").iterator():
        Registration.objects.filter(pk=registration.pk).update(
            check_in_code=programme.registrations.models.new_check_in_code()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_outgoingemail_claimed_until"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="registration",
            options={
                "ordering": ["session_key", "sequence"],
                "permissions": [
                    ("view_personal_data", "Voir les données personnelles des inscrit·es"),
                    ("check_in", "Pointer les participant·es le jour J"),
                ],
                "verbose_name": "inscription",
                "verbose_name_plural": "inscriptions",
            },
        ),
        migrations.AddField(
            model_name="registration",
            name="check_in_code",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="code de pointage"),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="check_in_code",
            field=models.CharField(
                default=programme.registrations.models.new_check_in_code,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="code de pointage",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="walk_in",
            field=models.BooleanField(default=False, verbose_name="inscrit·e sur place"),
        ),
    ]
