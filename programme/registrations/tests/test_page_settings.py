"""Registration settings on the session pages, as editors and translators meet them."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.fields import get_translatable_fields

from programme.models import WorkshopPage
from programme.registrations.questions import questions_of
from programme.registrations.services.counting import session_availability

from .conftest import MEAT_ID, MENU_ID, VEGETARIAN_ID, bike_question, diet_question, menu_question

pytestmark = pytest.mark.django_db


def list_block(values):
    """Form data of a ListBlock (wagtail.test.utils has no helper for it)."""
    data = {"count": str(len(values))}
    for index, value in enumerate(values):
        data[str(index)] = {"value": value, "deleted": "", "order": str(index), "id": ""}
    return data


def workshop_form(**overrides):
    data = {
        "title": "Déjeuner",
        "slug": "dejeuner",
        "format": "meal",
        "number": "",
        "slot": "",
        "start_time": "",
        "end_time": "",
        "venue": "",
        "location_note": "",
        "summary": "",
        "practical_note": "",
        "body": streamfield([]),
        "speakers": inline_formset([]),
        "registration_required": "on",
        "capacity": "100",
        "waiting_list_enabled": "on",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "registration_questions": streamfield([]),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.parametrize("capacity", ["0", "-1"])
def test_a_capacity_below_one_is_a_form_error(day, post_page_form, capacity):
    response = post_page_form(day, WorkshopPage, workshop_form(capacity=capacity))

    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    assert not WorkshopPage.objects.exists()


def test_an_editor_adds_questions_without_code(day, post_page_form):
    questions = streamfield(
        [
            (
                "choice",
                {"label": "Menu", "required": "on", "options": list_block(["Végétarien", "Omnivore"])},
            ),
            ("yes_no", {"label": "Vélo à prêter ?", "required": ""}),
            ("text", {"label": "Régime", "required": ""}),
        ]
    )

    response = post_page_form(day, WorkshopPage, workshop_form(registration_questions=questions))

    assert response.status_code == 302, response.context["form"].errors
    page = WorkshopPage.objects.get()
    asked = questions_of(page)
    assert [(q.kind, q.label, q.required) for q in asked] == [
        ("choice", "Menu", True),
        ("yes_no", "Vélo à prêter ?", False),
        ("text", "Régime", False),
    ]
    assert [text for _id, text in asked[0].options] == ["Végétarien", "Omnivore"]


def test_a_choice_with_the_same_option_twice_is_refused(day, post_page_form):
    questions = streamfield(
        [("choice", {"label": "Menu", "required": "on", "options": list_block(["Végétarien", "végétarien"])})]
    )

    response = post_page_form(day, WorkshopPage, workshop_form(registration_questions=questions))

    assert response.status_code == 200
    assert not WorkshopPage.objects.exists()


def test_the_english_version_shares_question_ids_and_settings(make_workshop, translate, now):
    source = make_workshop(
        capacity=30,
        waiting_list_enabled=False,
        registration_questions=[menu_question(), bike_question(), diet_question()],
    )

    english = translate(source)

    assert (english.capacity, english.waiting_list_enabled, english.registration_required) == (
        30,
        False,
        True,
    )
    french_questions, english_questions = questions_of(source), questions_of(english)
    assert (
        [q.id for q in english_questions]
        == [q.id for q in french_questions]
        == [
            MENU_ID,
            "44444444-4444-4444-8444-444444444444",
            "55555555-5555-4555-8555-555555555555",
        ]
    )
    assert english_questions[0].label == "Menu du déjeuner (EN)"
    assert english_questions[0].options == [(VEGETARIAN_ID, "Végétarien (EN)"), (MEAT_ID, "Omnivore (EN)")]
    assert session_availability(english, now).capacity == 30


def test_translators_cannot_override_the_registration_settings():
    page = WorkshopPage()
    overridable = {
        field.field_name: field.is_overridable(page)
        for field in get_translatable_fields(WorkshopPage)
        if field.field_name
        in {
            "capacity",
            "registration_required",
            "waiting_list_enabled",
            "registration_opens_at",
            "registration_closes_at",
        }
    }

    assert overridable == dict.fromkeys(overridable, False) and len(overridable) == 5
