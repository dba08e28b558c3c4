import pytest
from django.urls import reverse
from portal import dashboard
from portal.wagtail_hooks import TranslationsPanel

pytestmark = pytest.mark.django_db

def test_dbg(client, demo_users, programme):
    print("perm", demo_users.editeur.has_perm("wagtail_localize.submit_translation"))
    print(len(dashboard.translation_backlog()))
    client.force_login(demo_users.editeur)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    i = html.find("ectl-edition")
    print(html[i-200:i+3000])
    print("translations" in html, html.count("w-panel--dashboard"))
