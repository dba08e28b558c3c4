"""The project passes Django's system checks and its migrations match its models."""

from io import StringIO

import pytest
from django.core.management import call_command


def test_system_checks_report_no_problem():
    output = StringIO()

    call_command("check", fail_level="WARNING", stdout=output, stderr=output)

    assert "System check identified no issues" in output.getvalue()


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    output = StringIO()

    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"Missing migrations:\n{output.getvalue()}", pytrace=False)

    assert "No changes detected" in output.getvalue()
