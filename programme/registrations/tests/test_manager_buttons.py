"""The registration manager sees only the buttons they may use (issue 14, item 6)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_session_page_offers_edit_only_to_those_who_may_edit(client, demo_users, programme):
    url = reverse("registrations_admin:session", args=[programme.plenary.translation_key])
    edit_url = reverse("wagtailadmin_pages:edit", args=[programme.plenary.pk])

    client.force_login(demo_users.gestionnaire)
    html = client.get(url).content.decode()
    assert "Export CSV" in html
    assert edit_url not in html
    assert client.get(edit_url).status_code in (302, 403)  # the button would have led here

    client.force_login(demo_users.administrateur)
    assert edit_url in client.get(url).content.decode()
