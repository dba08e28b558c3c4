"""What communications staff meet in the admin: a guided page tree, people and venues
chosen from lists (or added on the spot), content blocks with previews, page previews on
phone and desktop, scheduled publishing, and clear French errors on bad input."""

import datetime
import html as html_lib
import json
import re
from unittest import mock

import pytest
import wagtail_factories
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.blocks import BodyBlock, SessionBodyBlock
from home.factories import ContentPageFactory
from home.models import ContentPage, EditionPage, HomePage
from partners.factories import PartnerPageFactory, PartnersIndexPageFactory
from programme.factories import EditoPageFactory, RoutePageFactory
from programme.models import EditoPage, Person, RoutePage, Venue, WorkshopPage
from tests.helpers import add_page_url, edit_page_url, is_refused

pytestmark = pytest.mark.django_db

OUR_APPS = {"home", "programme", "partners"}
REQUIRED = "Champ requis."  # Wagtail's French for "This field is required."


def our_page_models():
    return [model for model in get_page_models() if model._meta.app_label in OUR_APPS]


# --- A guided page tree ---------------------------------------------------------------------


def offered_types(client, parent):
    """The (app, model) pairs the "add child page" screen offers below ``parent``."""
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:  # a single type: Wagtail goes straight to its form
        return set(re.findall(rf"/admin/pages/add/(\w+)/(\w+)/{parent.pk}/", response.url))
    return set(re.findall(rf"/admin/pages/add/(\w+)/(\w+)/{parent.pk}/", response.content.decode()))


def test_add_child_page_on_a_day_offers_only_session_and_route(client, demo_users, programme):
    client.force_login(demo_users.editeur)

    assert offered_types(client, programme.day) == {("programme", "workshoppage"), ("programme", "routepage")}
    html = client.get(reverse("wagtailadmin_pages:add_subpage", args=[programme.day.pk])).content.decode()
    assert str(WorkshopPage.page_description) in html.replace("&#x27;", "'")
    assert str(RoutePage.page_description) in html.replace("&#x27;", "'")


def test_add_child_page_on_an_edition_offers_no_session(client, demo_users, programme):
    client.force_login(demo_users.editeur)

    offered = offered_types(client, programme.edition)

    assert ("programme", "programmedaypage") in offered
    assert ("programme", "workshoppage") not in offered


def test_every_page_type_has_a_french_description_and_tree_rules():
    for model in our_page_models():
        assert model.page_description, model
        assert model._meta.verbose_name != model.__name__.lower(), model
        assert model.parent_page_types is not None, model
        assert model.subpage_types is not None, model


def test_day_lists_its_sessions_in_tree_order_so_drag_and_drop_reorders_them(programme):
    assert [s.pk for s in programme.day.get_sessions()] == [programme.plenary.pk, programme.workshop.pk]

    # What the explorer's drag and drop does (ordering=ord):
    Page.objects.get(pk=programme.workshop.pk).move(Page.objects.get(pk=programme.plenary.pk), pos="left")

    assert [s.pk for s in programme.day.get_sessions()] == [programme.workshop.pk, programme.plenary.pk]


def test_moderators_reorder_a_days_sessions_by_drag_and_drop(client, demo_users, programme):
    """What the explorer's drag and drop posts. Wagtail ties reordering to the publish
    permission, since it changes the live programme at once: editors are refused."""
    move_first = reverse("wagtailadmin_pages:set_page_position", args=[programme.workshop.pk]) + "?position=0"
    listing = reverse("wagtailadmin_explore", args=[programme.day.pk])

    client.force_login(demo_users.editeur)
    assert is_refused(client.post(move_first))
    assert [s.pk for s in programme.day.get_sessions()] == [programme.plenary.pk, programme.workshop.pk]

    client.force_login(demo_users.moderateur)
    assert 'data-w-orderable-target="handle"' in client.get(listing, {"ordering": "ord"}).content.decode()
    assert client.post(move_first).status_code == 200
    assert [s.pk for s in programme.day.get_sessions()] == [programme.workshop.pk, programme.plenary.pk]


def test_slot_help_text_explains_parallel_sessions():
    help_text = str(WorkshopPage._meta.get_field("slot").help_text)
    assert "même temps" in help_text


# --- No duplicate typing: choosers with "add new" ------------------------------------------


def chooser_urls(model):
    viewset = model.snippet_viewset.chooser_viewset
    return reverse(viewset.get_url_name("choose")), reverse(viewset.get_url_name("create"))


def test_session_form_offers_french_choosers_for_the_room_and_the_people(client, demo_users, programme):
    client.force_login(demo_users.editeur)

    html = html_lib.unescape(client.get(add_page_url(programme.day, WorkshopPage)).content.decode())

    assert "Choisir un lieu" in html
    assert "Choisir une personne" in html  # in the template of a new "Intervenant" row
    assert "Choose " not in html


def test_person_chooser_lists_people_and_offers_to_add_one(client, demo_users, programme):
    client.force_login(demo_users.editeur)
    choose_url, create_url = chooser_urls(Person)

    response = client.get(choose_url)

    html = json.loads(response.content)["html"]
    assert "Yaël Benayoun" in html
    assert "Ajouter une personne" in html
    assert create_url in html
    assert 'name="name"' in html


def test_adding_a_person_from_the_chooser_chooses_them(client, demo_users, programme):
    client.force_login(demo_users.editeur)
    _, create_url = chooser_urls(Person)

    response = client.post(create_url, {"name": "Camille Dupont", "organisation": "La Coroutine", "role": ""})

    data = json.loads(response.content)
    assert data["step"] == "chosen"
    person = Person.objects.get(name="Camille Dupont")
    assert data["result"]["id"] == str(person.pk)
    assert person.locale.language_code == "fr"


def test_adding_a_person_without_name_shows_a_french_error(client, demo_users, programme):
    client.force_login(demo_users.editeur)
    _, create_url = chooser_urls(Person)

    response = client.post(create_url, {"name": "", "organisation": "La Coroutine"})

    data = json.loads(response.content)
    assert data["step"] == "reshow_creation_form"
    assert REQUIRED in data["htmlFragment"]
    assert not Person.objects.filter(organisation="La Coroutine", name="").exists()


def test_adding_a_room_from_the_venue_chooser(client, demo_users, programme):
    client.force_login(demo_users.editeur)
    choose_url, create_url = chooser_urls(Venue)

    html = json.loads(client.get(choose_url).content)["html"]
    assert "Ajouter un lieu" in html
    # Only buildings are offered as "part of", not other rooms.
    assert f'value="{programme.bazaar.pk}"' in html
    assert f'value="{programme.room.pk}"' not in html

    response = client.post(create_url, {"name": "Salle 3", "part_of": programme.bazaar.pk, "town": "Lille"})

    assert json.loads(response.content)["step"] == "chosen"
    assert Venue.objects.get(name="Salle 3").part_of == programme.bazaar


# --- Content blocks with previews -------------------------------------------------------------


def session_blocks():
    return list(SessionBodyBlock().child_blocks.values())


@pytest.mark.parametrize("name", list(SessionBodyBlock().child_blocks))
def test_every_block_has_a_french_description_and_a_preview(client, demo_users, name):
    block = SessionBodyBlock().child_blocks[name]
    client.force_login(demo_users.editeur)

    assert block.get_description()
    assert block.is_previewable
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    assert response.status_code == 200
    html = response.content.decode()
    assert "css/site.css" in html
    assert "<iframe" not in html  # no network: the video preview is a still frame


def test_body_blocks_are_a_subset_of_session_blocks():
    assert set(BodyBlock().child_blocks) < set(SessionBodyBlock().child_blocks)
    assert "menu" in SessionBodyBlock().child_blocks


def test_image_preview_uses_an_image_of_the_library(client, demo_users):
    wagtail_factories.ImageFactory(title="Les Halles")
    block = SessionBodyBlock().child_blocks["figure"]
    client.force_login(demo_users.editeur)

    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    assert response.status_code == 200
    assert "<img" in response.content.decode()


# --- Previews of every page type, scheduled publishing -----------------------------------------


@pytest.fixture
def one_page_of_each_type(programme):
    edito = EditoPageFactory(parent=programme.edition)
    content = ContentPageFactory(parent=programme.edition, title="Infos pratiques")
    route = RoutePageFactory(parent=programme.day, title="Parcours vélo", slot=2, mode="bike", stops=2)
    partners = PartnersIndexPageFactory(parent=programme.edition)
    partner = PartnerPageFactory(parent=partners, title="France Tiers-Lieux")
    pages = [
        programme.site.home,
        programme.edition,
        edito,
        programme.day,
        programme.workshop,
        route,
        content,
        partners,
        partner,
    ]
    assert {type(page) for page in pages} == set(our_page_models())
    return pages


def test_every_page_type_can_be_previewed_before_publishing(
    client, demo_users, one_page_of_each_type, page_form_data
):
    client.force_login(demo_users.editeur)
    for page in one_page_of_each_type:
        streams = (
            {"body": [("paragraph", rich_text("<p>Bienvenue à Lille.</p>"))]}
            if isinstance(page, EditoPage)
            else None
        )
        data = page_form_data(client, edit_page_url(page), type(page), streams=streams)
        data["title"] = f"{page.title} (aperçu)"
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])

        response = client.post(preview_url, data)
        assert json.loads(response.content) == {"is_valid": True, "is_available": True}, type(page)

        response = client.get(preview_url, {"mode": ""})
        assert response.status_code == 200, type(page)
        assert f"{page.title} (aperçu)" in html_lib.unescape(response.content.decode()), type(page)
        page.refresh_from_db()
        assert not page.title.endswith("(aperçu)")  # a preview publishes nothing


def test_previews_offer_phone_and_desktop_sizes(client, demo_users, programme):
    client.force_login(demo_users.editeur)

    html = client.get(edit_page_url(programme.workshop)).content.decode()

    assert 'name="preview-size"' in html
    assert 'value="mobile"' in html
    assert 'value="desktop"' in html


@pytest.mark.parametrize("model", [HomePage, EditionPage, ContentPage, WorkshopPage, RoutePage])
def test_go_live_date_is_in_the_settings_tab(client, demo_users, programme, model):
    client.force_login(demo_users.moderateur)
    page = model.objects.first() or RoutePageFactory(parent=programme.day)

    html = client.get(edit_page_url(page)).content.decode()

    assert 'name="go_live_at"' in html
    assert 'name="expire_at"' in html


def test_programme_opens_on_its_scheduled_date(client, demo_users, programme, page_form_data):
    """A moderator publishes a new session with a go-live date: it stays hidden until the
    scheduler (``publish_scheduled``, run by cron) reaches that date."""
    client.force_login(demo_users.moderateur)
    data = page_form_data(client, add_page_url(programme.day, WorkshopPage), WorkshopPage)
    go_live = timezone.localtime() + datetime.timedelta(days=7)
    data.update(
        {
            "title": "Atelier programmé",
            "slug": "atelier-programme",
            "go_live_at": go_live.strftime("%Y-%m-%d %H:%M"),
            "action-publish": "action-publish",
        }
    )

    response = client.post(add_page_url(programme.day, WorkshopPage), data)

    assert response.status_code == 302
    page = WorkshopPage.objects.get(slug="atelier-programme")
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None

    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live  # too early

    with mock.patch("django.utils.timezone.now", return_value=go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", verbosity=0)

    page.refresh_from_db()
    assert page.live


# --- Bad input: French form errors, never a server error ---------------------------------------


@pytest.fixture
def new_session_form(client, demo_users, programme, page_form_data):
    """``(url, data)`` of the "add a session" form of the day, filled in as an editor would
    before submitting it for moderation."""
    client.force_login(demo_users.editeur)
    url = add_page_url(programme.day, WorkshopPage)
    data = page_form_data(client, url, WorkshopPage)
    data.update({"title": "Atelier Tiers-lieux et santé", "slug": "tiers-lieux-sante", "action-submit": "1"})
    return url, data


def post_bad(client, url, data):
    """Post ``data``: the form comes back (not a 500) and nothing is saved. Returns
    {field: its messages, joined}; each message is shown on the page next to its field
    (StreamField errors are drawn by JavaScript from JSON, so they are returned as JSON)."""
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert not WorkshopPage.objects.filter(slug="tiers-lieux-sante").exists()
    html = html_lib.unescape(response.content.decode())
    errors = {}
    for name, field_errors in response.context["form"].errors.as_data().items():
        if name == "body":
            errors[name] = " ".join(json.dumps(e.as_json_data(), ensure_ascii=False) for e in field_errors)
            continue
        messages = [message for error in field_errors for message in error.messages]
        for message in messages:
            assert message in html, (name, message)
        errors[name] = " ".join(messages)
    return errors


def test_session_form_is_valid_as_filled_in(client, new_session_form):
    url, data = new_session_form

    response = client.post(url, data)

    assert response.status_code == 302
    assert WorkshopPage.objects.filter(slug="tiers-lieux-sante").exists()


def test_missing_title_is_refused_in_french(client, new_session_form):
    url, data = new_session_form
    data["title"] = ""

    errors = post_bad(client, url, data)

    assert errors["title"] == REQUIRED


@pytest.mark.parametrize("capacity", ["0", "-5"])
def test_capacity_of_zero_or_less_is_refused_in_french(client, new_session_form, capacity):
    url, data = new_session_form
    data["capacity"] = capacity

    errors = post_bad(client, url, data)

    assert errors["capacity"] == "Assurez-vous que cette valeur est supérieure ou égale à 1."


def test_registration_without_capacity_is_refused_in_french(client, new_session_form):
    url, data = new_session_form
    data.update({"registration_required": "on", "capacity": ""})

    errors = post_bad(client, url, data)

    assert errors["capacity"] == "Indiquez le nombre de places pour ouvrir les inscriptions."


def test_end_before_start_is_refused_in_french(client, new_session_form):
    url, data = new_session_form
    data.update({"start_time": "14:00", "end_time": "10:00"})

    errors = post_bad(client, url, data)

    assert errors["end_time"] == "L'heure de fin doit être après l'heure de début."


def test_image_without_alt_text_is_refused_in_french(client, new_session_form):
    url, data = new_session_form
    image = wagtail_factories.ImageFactory(title="Photo sans description")
    data.update(
        nested_form_data(
            {
                "body": streamfield(
                    [("figure", {"image": {"image": image.pk, "alt_text": ""}, "caption": "Une légende"})]
                )
            }
        )
    )

    errors = post_bad(client, url, data)

    assert "Veuillez ajouter un texte alternatif ou marquer l'image comme décorative" in errors["body"]


def test_route_without_stop_is_refused_in_french(client, demo_users, programme, page_form_data):
    client.force_login(demo_users.editeur)
    url = add_page_url(programme.day, RoutePage)
    data = page_form_data(client, url, RoutePage)
    data.update({"title": "Parcours sans étape", "slug": "sans-etape", "action-submit": "1"})

    response = client.post(url, data)

    assert response.status_code == 200
    assert "étape" in response.content.decode()
    assert not RoutePage.objects.filter(slug="sans-etape").exists()


@pytest.mark.parametrize("parent_name", ["edition", "home"])
def test_a_session_cannot_be_created_outside_a_day(
    client, demo_users, programme, parent_name, page_form_data
):
    parent = programme.edition if parent_name == "edition" else programme.site.home
    client.force_login(demo_users.editeur)
    url = add_page_url(parent, WorkshopPage)

    assert is_refused(client.get(url))
    response = client.post(url, {"title": "Séance perdue", "action-submit": "1"}, follow=True)
    assert response.status_code == 200
    assert "Désolé, vous n'avez pas les autorisations" in html_lib.unescape(response.content.decode())
    assert not WorkshopPage.objects.filter(title="Séance perdue").exists()


def test_the_admin_sends_no_editor_address_to_gravatar(client, demo_users):
    client.force_login(demo_users.editeur)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()
