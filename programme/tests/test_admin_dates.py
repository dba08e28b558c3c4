"""The admin's date fields (home/admin_dates.py, WAGTAIL_DATE_FORMAT): dd/mm/yyyy like the
messages, and the picker of an empty field opens on the edition's month; the menu
question starts with two choices to fill and the yes/no question has an icon."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.admin.icons import get_icons

from programme.registrations.blocks import ChoiceQuestionBlock, YesNoQuestionBlock

pytestmark = pytest.mark.django_db


def test_a_new_day_opens_its_date_picker_on_the_editions_month(client, demo_users, programme):
    client.force_login(demo_users.editeur)
    url = reverse("wagtailadmin_pages:add", args=["programme", "programmedaypage", programme.edition.pk])

    html = client.get(url).content.decode().replace("&quot;", '"')

    assert '"startDate": "2021/11/29"' in html
    assert '"format": "d/m/Y"' in html


def test_a_day_with_a_date_shows_it_the_french_way_and_opens_on_it(client, demo_users, programme):
    programme.day.date = datetime.date(2021, 11, 29)
    programme.day.save_revision().publish()
    client.force_login(demo_users.editeur)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[programme.day.pk])).content.decode()

    assert 'value="29/11/2021"' in html
    assert "startDate" not in html.replace("&quot;", '"').split('name="date"')[1].split("</script>")[0]


def test_the_registration_dates_of_a_session_open_on_the_editions_month(client, demo_users, programme):
    client.force_login(demo_users.editeur)
    url = reverse("wagtailadmin_pages:add", args=["programme", "workshoppage", programme.day.pk])

    html = client.get(url).content.decode().replace("&quot;", '"')

    assert html.count('"startDate": "2021/11/29"') == 2  # opens and closes


def test_a_french_date_is_read_as_day_first_in_both_admin_languages():
    from django import forms

    field = forms.DateField()
    for language in ("fr", "en"):
        with translation.override(language):
            assert field.clean("05/12/2027") == datetime.date(2027, 12, 5), language


def test_the_menu_question_starts_with_two_choices_to_fill():
    assert len(ChoiceQuestionBlock().get_default()["options"]) == 2


def test_every_question_type_has_an_icon_wagtail_draws():
    # The sprite the admin draws icons from: <symbol id="icon-NAME">.
    icons = set(re.findall(r'<symbol id="icon-([\w-]+)"', get_icons()))
    for block in (ChoiceQuestionBlock(), YesNoQuestionBlock()):
        assert block.meta.icon in icons, block.meta.icon
