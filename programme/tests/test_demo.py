"""The demo loader builds the 2021 edition from the seed, and running it again changes
nothing.

The expected values below are copied from the seed document, not from the demo data
module, so that a slip in the data shows up here.
"""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Locale, Page, Revision, Site

from home.models import ContentPage, EditionPage, HomePage
from partners.models import PartnerPage, PartnersIndexPage
from programme.models import (
    EditoPage,
    Person,
    ProgrammeDayPage,
    RoutePage,
    RouteStop,
    SessionPerson,
    Venue,
    WorkshopPage,
)

pytestmark = pytest.mark.django_db


def load_demo(*args):
    """Run the command as `make run` does, letting on-commit work (publication hooks,
    search index) happen. French only: the English and the demonstration edition are
    tested once, below, and in the translation and edition tests."""
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", "--french-only", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_database(module_database):
    """The demo, loaded once for the module (the loader publishes 26 pages). Each test
    still runs in its own savepoint, so a test may change or reload it; everything is
    rolled back after the module."""
    with module_database():
        load_demo()
        yield


@pytest.fixture
def demo(demo_database, db):
    """The 2021 edition page, fetched afresh for each test."""
    return EditionPage.objects.get(slug="2021")


@pytest.fixture
def day(demo):
    return ProgrammeDayPage.objects.child_of(demo).get()


def session(title):
    return WorkshopPage.objects.get(title=title)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Person, Venue, SessionPerson, RouteStop, Site, Locale, Revision)
    }


def people_of(page):
    return [(item.person.name, item.role) for item in page.speakers.select_related("person")]


# --- The command --------------------------------------------------------------------


def test_loader_replaces_the_welcome_page_by_the_home_page(demo):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.title == "En Compagnie des Tiers-Lieux"
    assert site.root_page.locale.language_code == "fr"
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"fr", "en"}
    assert demo.get_parent().pk == site.root_page.pk


def test_second_run_changes_nothing(demo):
    before = counts()
    output = load_demo()
    assert counts() == before
    assert "created" not in output and "updated" not in output


def test_second_run_puts_back_what_differs_from_the_seed(demo):
    workshop = WorkshopPage.objects.get(number=3)
    workshop.title = "Titre modifié"
    workshop.speakers = workshop.speakers.all()[:1]
    workshop.save_revision().publish()
    before = counts()

    load_demo()

    workshop = WorkshopPage.objects.get(pk=workshop.pk)
    assert workshop.title.startswith("Mutualisons les briques")
    assert people_of(workshop) == [
        ("Capucine Deweer", "facilitator"),
        ("Alexandre Bigot-Verdier", "facilitator"),
    ]
    after = counts()
    assert after.pop("Revision") == before.pop("Revision") + 1
    assert after.pop("SessionPerson") == before.pop("SessionPerson") + 1
    assert after == before


def test_if_empty_leaves_an_existing_edition_alone(demo):
    demo.tagline = "Changée par une éditrice"
    demo.save_revision().publish()
    output = load_demo("--if-empty")
    demo.refresh_from_db()
    assert demo.tagline == "Changée par une éditrice"
    assert "not loaded" in output


def test_if_empty_loads_the_demo_when_there_is_no_edition(demo):
    demo.delete()
    assert not EditionPage.objects.exists()
    load_demo("--if-empty")
    assert EditionPage.objects.get(slug="2021").get_descendants().live().count() == 5 + 15 + 4


def test_demo_admin_only_on_request_outside_debug(demo):
    User = get_user_model()
    assert not User.objects.filter(username="admin").exists()

    output = load_demo("--with-admin")

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin")
    assert "username admin, password admin" in output
    again = load_demo("--with-admin")
    assert "already exists" in again
    assert User.objects.count() == 1


# --- The edition --------------------------------------------------------------------


def test_edition_is_2021_in_lille_at_the_bazaar(demo):
    assert demo.url == "/fr/2021/"
    assert demo.year == 2021
    assert (demo.start_date, demo.end_date) == (datetime.date(2021, 11, 29), datetime.date(2021, 11, 30))
    assert demo.city == "Lille"
    assert demo.main_venue.name == "Bazaar St So"
    assert demo.main_venue.full_address == "292 rue Camille Guérin, 59000 Lille"
    assert demo.tagline.startswith("Rencontrer les acteurs qui font le territoire")
    assert demo.tagline.endswith("« En Compagnie des Tiers-Lieux » est le rendez-vous à ne pas manquer !")


def test_edition_pages_in_the_seed_order(demo):
    children = [page.specific for page in demo.get_children()]
    assert [type(page) for page in children] == [
        EditoPage,
        ProgrammeDayPage,
        ContentPage,
        ContentPage,
        PartnersIndexPage,
    ]
    assert [page.title for page in children] == [
        "Édito",
        "Programme du 29/11",
        "Informations pratiques",
        "Envie d’aller plus loin ?",
        "Partenaires & financeurs",
    ]
    assert all(page.live for page in demo.get_descendants(inclusive=True))


def test_edito_keeps_every_paragraph_and_its_typography(demo):
    edito = EditoPage.objects.child_of(demo).get()
    paragraphs = [block.value.source for block in edito.body]
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("<p>Qu’on le voit comme une opportunité")
    assert "le mot « numérique »" in paragraphs[0]
    assert "Mais il reste tant à faire…" in paragraphs[4]
    assert paragraphs[6] == (
        "<p>Forts de ce constat, nous avons souhaité collaborer avec Les Assembleurs et interroger "
        "collectivement pendant 2 jours les liens entre tiers-lieux et numérique.</p>"
    )


# --- The day ------------------------------------------------------------------------


def test_day_lists_the_sessions_in_the_seed_order(day):
    assert day.date == datetime.date(2021, 11, 29)
    assert "L'Ouverture, la Plénière inspirante, la Table ronde ainsi que l'atelier 1" in day.intro
    formats = [getattr(page, "format", "route") for page in day.get_sessions()]
    assert formats == [
        "reception",
        "opening",
        "plenary",
        "round_table",
        *["workshop"] * 6,
        "meal",
        *["route"] * 3,
        "evening",
    ]


def test_workshops_and_routes_are_two_slots(day):
    slots = day.get_slots()
    parallel = [slot for slot in slots if slot.is_parallel]
    assert [len(slot.sessions) for slot in parallel] == [6, 3]
    assert [session.number for session in parallel[0].sessions] == [1, 2, 3, 4, 5, 6]
    assert {type(session) for session in parallel[1].sessions} == {RoutePage}
    assert len(slots) == 4 + 1 + 1 + 1 + 1


def test_the_seed_gives_no_time_of_day(day):
    for model in (WorkshopPage, RoutePage):
        assert not model.objects.filter(start_time__isnull=False).exists()
        assert not model.objects.filter(end_time__isnull=False).exists()


WORKSHOPS = [
    (1, "Devenir une Manufacture de Proximité : pourquoi, comment ?", "Les Halles – Bazaar St So", ""),
    (
        2,
        "Des outils numériques pour favoriser l’émancipation de toutes et tous",
        "Espace Accueil – Bazaar St So",
        "",
    ),
    (
        3,
        "Mutualisons les briques de services numériques de proximité dont nous avons besoins dans nos "
        "tiers-lieux",
        "Halle basse 2 – Bazaar St So",
        "",
    ),
    (
        4,
        "Le rôle du numérique dans les dynamiques de coopérations locales ?",
        "Halle basse 1 – Bazaar St So",
        "",
    ),
    (
        5,
        "Les incontournables pour faciliter l’émergence d’un tiers-lieux sur sa commune",
        "Salle C – Maison Stéphane Hessel",
        "10 min à pied du Bazaar St So",
    ),
    (
        6,
        "Réseaux Régionaux – échanges de pratiques",
        "Salle “Petite Fabrique” – Bazaar St So",
        "temps dédié aux réseaux régionaux de tiers-lieux",
    ),
]


@pytest.mark.parametrize(("number", "title", "room", "location_note"), WORKSHOPS)
def test_each_workshop_has_its_title_and_room(day, number, title, room, location_note):
    workshop = WorkshopPage.objects.child_of(day).get(number=number)
    assert workshop.format == "workshop"
    assert workshop.title == title
    assert str(workshop.venue) == room
    assert workshop.location_note == location_note
    assert workshop.slot == WorkshopPage.objects.get(number=1).slot
    assert workshop.summary
    assert workshop.body


WORKSHOP_PEOPLE = {
    1: [("Yolaine Proult", "facilitator"), ("Cécilia Quay-Chatelet", "facilitator")],
    2: [("Mihaela Cretu", "facilitator"), ("Charlotte Filbien", "facilitator")],
    3: [("Capucine Deweer", "facilitator"), ("Alexandre Bigot-Verdier", "facilitator")],
    4: [
        ("Laurent Courouble", "facilitator"),
        ("Rachid Cherfaoui", "witness"),
        ("Guillaume Delevaque", "witness"),
    ],
    5: [
        ("Célia Van Berkum", "facilitator"),
        ("Marion Saint-Maxent", "facilitator"),
        ("Marie-Julie Rock", "facilitator"),
    ],
    6: [("Sébastien Plihon", "facilitator")],
}


@pytest.mark.parametrize(("number", "people"), WORKSHOP_PEOPLE.items())
def test_each_workshop_has_its_facilitators(day, number, people):
    assert people_of(WorkshopPage.objects.child_of(day).get(number=number)) == people


def test_reception_is_at_the_espace_accueil_and_the_bar(day):
    reception = session("Accueil")
    assert reception.format == "reception"
    assert str(reception.venue) == "Espace Accueil – Bazaar St So"
    assert reception.location_note == "et Bar Les Halles"
    assert reception.venue == WorkshopPage.objects.get(number=2).venue


def test_opening_welcomes_and_gives_the_floor_to_akim_oural(day):
    opening = session("Ouverture")
    assert opening.format == "opening"
    assert people_of(opening) == [("Akim Oural", "speaker")]
    akim = Person.objects.get(name="Akim Oural")
    assert akim.role == "élu à la Métropole Européenne de Lille, Délégué Innovation et numérique"
    assert akim.organisation == "Métropole Européenne de Lille"
    items = opening.body[0].value.source
    assert (
        "<li>Bienvenue et programme de la journée – par la Compagnie des Tiers-Lieux et le Bazaar St So</li>"
        in items
    )
    assert "<li>Intervention d’Akim Oural, élu à la Métropole Européenne de Lille" in items


def test_plenary_with_yael_benayoun_and_her_bio(day):
    plenary = session("Plénière inspirante")
    assert plenary.format == "plenary"
    assert people_of(plenary) == [("Yaël Benayoun", "speaker")]
    assert plenary.body[0].value.source.startswith("<p>Les déploiements de nouvelles technologies")
    yael = Person.objects.get(name="Yaël Benayoun")
    assert (yael.organisation, yael.role) == ("Le Mouton Numérique", "Cofondatrice du Mouton Numérique")
    assert yael.bio.startswith("<p>Diplômée en philosophie politique et en sciences sociales")
    assert "(Fyp éditions, 2020)" in yael.bio


def test_round_table_has_four_speakers_and_a_moderator(day):
    round_table = session("Table ronde")
    assert round_table.format == "round_table"
    assert people_of(round_table) == [
        ("Sébastien Personne", "speaker"),
        ("Majdouline Sbaï", "speaker"),
        ("Charlotte Berthelot", "speaker"),
        ("Solène Grivet", "speaker"),
        ("Alexandre Bigot-Verdier", "moderator"),
    ]
    organisations = [item.person.organisation for item in round_table.speakers.all()]
    assert organisations == [
        "La Machinerie",
        "Plateau Fertile",
        "La FabNum",
        "La Ligue de l’enseignement de l’Oise",
        "La Compagnie des Tiers-Lieux",
    ]
    assert round_table.body[0].value.source.startswith("<p>Fablabs, lieux de production")


def test_people_are_entered_once(demo):
    assert Person.objects.filter(name="Alexandre Bigot-Verdier").count() == 1
    names = list(Person.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) == 19


def test_sessions_in_les_halles_take_200_registrations(day):
    for title in ("Ouverture", "Plénière inspirante", "Table ronde"):
        page = session(title)
        assert page.venue.name == "Les Halles"
        assert (page.registration_required, page.capacity) == (True, 200)


def test_lunch_offers_the_three_menus_and_the_alternatives(day):
    lunch = session("Déjeuner")
    assert lunch.format == "meal"
    assert str(lunch.venue) == "Parvis du Bazaar St So – Bazaar St So"
    menus = [dict(block.value) for block in lunch.body if block.block_type == "menu"]
    assert menus == [
        {
            "name": "Formule Assiette O saveurs",
            "dish": "Assiette composée de 3 falafels, houmous, fatayer (feta persil), pain",
            "dessert": "Basboussa (gâteau semoule, yaourth et noix de coco)",
            "drink": "Jus de Pomme de l’Avesnois",
        },
        {
            "name": "Formule Lasagnes végétariennes",
            "dish": "Lasagne de Butternut",
            "dessert": "Part de tarte au chocolat",
            "drink": "limonade",
        },
        {
            "name": "Formule Pizza Margherita",
            "dish": "base sauce tomate, Mozzarela Di Buffala, Basilic",
            "dessert": "tarte au chocolat",
            "drink": "limonade",
        },
    ]
    texts = [block.value.source for block in lunch.body if block.block_type == "paragraph"]
    assert texts[0] == "<p>3 menus au choix :</p>"
    assert (
        "Sandwicheries Fasthoch ou Petit Louis se trouvent à moins de 5mn à pieds du Bazaar St So."
        in texts[-1]
    )


ROUTES = [
    (
        1,
        "bus",
        "Médiation Numérique",
        [("Pop Café", "Lille Wazemmes"), ("ESSpace 216", ""), ("Emmaus Connect", "Roubaix")],
    ),
    (
        2,
        "bus",
        "Fabrication Numérique",
        [
            ("Le Cube EIC", "Tourcoing"),
            ("La FabNum", "Marcq-en-Baroeul"),
            ("Fabricarium de Polytech", "Villeneuve d’Ascq"),
        ],
    ),
    (
        3,
        "bike",
        "Les Communs numériques en pratique dans les tiers-lieux",
        [("Tipimi", "Lille Fives"), ("Métalu", "Lille Moulins"), ("Hop’n Work", "Lambersart")],
    ),
]


@pytest.mark.parametrize(("number", "mode", "theme", "stops"), ROUTES)
def test_each_route_has_its_mode_theme_and_stops_in_order(day, number, mode, theme, stops):
    route = RoutePage.objects.child_of(day).get(number=number)
    assert (route.mode, route.theme) == (mode, theme)
    assert [(stop.venue.name, stop.venue.town) for stop in route.stops.select_related("venue")] == stops
    assert route.meeting_point == "Départ rue Camille Guérin"
    assert route.return_time == datetime.time(18, 0)
    assert (route.registration_required, route.capacity) == (True, 30)
    assert route.slot == RoutePage.objects.get(number=1).slot != WorkshopPage.objects.get(number=1).slot
    body = " ".join(block.value.source for block in route.body)
    assert "thématique “numérique”. Le retour au Bazaar est prévu pour 18h." in body
    assert "nous nous laissons la possibilité d’ajouter un parcours supplémentaire" in body


def test_the_bike_route_says_bikes_can_be_lent(day):
    bike_note = "Pour ceux qui le peuvent, prenez vos vélos ! Pour les autres, nous en aurons quelques uns à vous prêter !"
    route = RoutePage.objects.get(mode="bike")
    assert any(bike_note in block.value.source for block in route.body)
    for bus_route in RoutePage.objects.filter(mode="bus"):
        assert not any(bike_note in block.value.source for block in bus_route.body)


def test_evening_on_the_bus_magique(day):
    evening = session("Soirée au Bus Magique")
    assert evening.format == "evening"
    assert evening.venue.name == "Le Bus Magique"
    assert (evening.registration_required, evening.capacity) == (True, 100)
    assert evening.practical_note == "Adhésion au Bus Magique à prix libre"
    paragraphs = [block.value.source for block in evening.body]
    assert paragraphs[0].startswith("<p>Se retrouver, boire un verre et discuter")
    assert paragraphs[1] == "<p>Premier verre offert par la Compagnie des Tiers-Lieux !</p>"
    assert "notre péniche n’aurait pas été bien loin" in paragraphs[2]


# --- Content pages and partners -----------------------------------------------------


def test_practical_information_gives_the_address(demo):
    page = ContentPage.objects.get(title="Informations pratiques")
    text = page.intro + " ".join(block.value.source for block in page.body)
    assert "Bazaar St So, 292 rue Camille Guérin, 59000 Lille" in text


def test_go_further_points_to_the_nec_local(demo):
    page = ContentPage.objects.get(title="Envie d’aller plus loin ?")
    text = page.body[0].value.source
    assert "NEC local des Assembleurs" in text
    assert "le 30 novembre à La Plaine Image, Tourcoing" in text
    assert "“Où se fait la médiation numérique aujourd’hui ?”" in text


def test_partners_are_the_organisations_the_seed_names(demo):
    index = PartnersIndexPage.objects.child_of(demo).get()
    partners = {page.title: page.tier for page in PartnerPage.objects.child_of(index)}
    assert partners["La Compagnie des Tiers-Lieux"] == "organiser"
    assert partners["Bazaar St So"] == "host"
    assert partners["Les Assembleurs"] == "partner"
    assert not PartnerPage.objects.filter(logo__isnull=False).exists()
    assert not PartnerPage.objects.exclude(website="").exists()


# --- Served pages -------------------------------------------------------------------


def test_every_demo_page_is_served_in_french(demo, client):
    pages = Page.objects.live().filter(locale__language_code="fr").exclude(depth=1).specific()
    assert pages.count() == 1 + 1 + 5 + 15 + 4
    for page in pages:
        url = page.url
        assert url.startswith("/fr/")
        response = client.get(url)
        assert response.status_code == 200, f"{url} ({type(page).__name__}): {response.status_code}"


def test_the_full_load_adds_english_and_an_upcoming_demonstration_edition(demo):
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", stdout=out)
    english = Locale.objects.get(language_code="en")
    assert EditionPage.objects.filter(year=2021, locale=english, live=True).exists()
    upcoming = EditionPage.objects.filter(locale__language_code="fr", live=True).exclude(year=2021).get()
    assert upcoming.start_date > timezone.localdate()
    assert "démonstration" in upcoming.title.lower()
    french = Page.objects.filter(locale__language_code="fr", depth__gt=1).count()
    assert Page.objects.filter(locale=english).count() == french

    # Page and snippet counts are stable; the English home may get one more revision
    # after the demonstration edition is added under it (a known, harmless re-publish).
    before = counts()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    after = counts()
    assert after["Revision"] - before["Revision"] <= 1
    before.pop("Revision"), after.pop("Revision")
    assert after == before
