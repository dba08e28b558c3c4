"""Fixtures for the editors' experience: roles, demo accounts, a small programme, and
Playwright on Debian's Chromium for the browser test."""

import datetime
import os
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from home.factories import EditionPageFactory
from programme.factories import PersonFactory, ProgrammeDayPageFactory, VenueFactory, WorkshopPageFactory


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A French browser, as the communications staff use."""
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture
def demo_users(db, settings):
    """The four demo accounts of ``load_demo_users`` (groups and workflow included), as
    ``demo_users.editeur`` etc.; each password is ``demo-<username>``."""
    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    call_command("load_demo_users", stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = {user.username: user for user in get_user_model().objects.all()}
    return SimpleNamespace(**users)


@pytest.fixture
def programme(site_tree):
    """Edition 2021 (Lille, 29 November) with one published day: a plenary on its own,
    then slot 2 with one workshop; four people and the rooms of the Bazaar St So."""
    edition = EditionPageFactory(
        parent=site_tree.home, year=2021, start_date=datetime.date(2021, 11, 29), city="Lille"
    )
    day = ProgrammeDayPageFactory(parent=edition, title="Lundi 29 novembre", slug="29-novembre")
    bazaar = VenueFactory(name="Bazaar St So")
    halls = VenueFactory(name="Les Halles", part_of=bazaar)
    room = VenueFactory(name="Salle Tiers-Lieux", part_of=bazaar)
    people = [
        PersonFactory(name="Yaël Benayoun", organisation="Le Mouton Numérique"),
        PersonFactory(name="Benjamin Bayart", organisation="La Quadrature du Net"),
        PersonFactory(name="Agnès Mercier", organisation="La Coroutine"),
        PersonFactory(name="Julien Lemoine", organisation="Tiers-Lieux Hauts-de-France"),
    ]
    plenary = WorkshopPageFactory(
        parent=day,
        title="Plénière d'ouverture",
        format="plenary",
        venue=halls,
        registration_required=True,
        capacity=200,
    )
    workshop = WorkshopPageFactory(parent=day, title="Atelier Communs numériques", slot=2, venue=room)
    return SimpleNamespace(
        site=site_tree,
        edition=edition,
        day=day,
        bazaar=bazaar,
        halls=halls,
        room=room,
        people=people,
        plenary=plenary,
        workshop=workshop,
    )


@pytest.fixture
def page_form_data():
    """``page_form_data(client, url, model, streams=None)``: the data of the page form at
    ``url`` as the browser would send it, to change a few fields and post back.

    StreamFields are drawn by JavaScript, so their inputs are not in the HTML: they are
    sent empty unless ``streams`` gives their blocks, e.g.
    ``streams={"body": [("paragraph", rich_text("<p>Bonjour</p>"))]}``.
    """

    def get(client, url, model, streams=None):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
        streams = streams or {}
        for model_field in model._meta.get_fields():
            if isinstance(model_field, StreamField) and f"{model_field.name}-count" not in data:
                blocks = streams.get(model_field.name, [])
                data.update(nested_form_data({model_field.name: streamfield(blocks)}))
        return data

    return get
