"""Fixtures for the visitors' side (calendars, SEO, search, browser tests): a small
bilingual edition with every public page type, and Playwright on Debian's Chromium."""

import datetime
from types import SimpleNamespace

import pytest
import wagtail_factories
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import TestCase
from wagtail.models import Collection, Locale, Page, Site

from home.factories import ContentPageFactory, EditionPageFactory, HomePageFactory
from partners.factories import PartnerPageFactory, PartnersIndexPageFactory
from programme.factories import (
    EditoPageFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
    RoutePageFactory,
    VenueFactory,
    WorkshopPageFactory,
)


def publish_translation(page, locale, **fields):
    """The English version of ``page`` (its parent must be translated already), with
    ``fields`` changed, published. Like a translator's work, without the admin."""
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated.specific


def make_site_tree():
    """What the ``site_tree`` fixture of the root conftest makes, callable outside a test."""
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    # After a transactional test, the tables may have been flushed without being reloaded
    # (serialized rollback depends on the database set-up): recreate the two tree roots.
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePageFactory(parent=root, title="En Compagnie des Tiers-Lieux", slug="accueil")
    Site.objects.all().delete()
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="ECTL"
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return SimpleNamespace(root=root, home=home, site=site, locales=SimpleNamespace(fr=fr, en=en))


def build_visitor_site():
    """Edition 2021 in French and English: an editorial, one day (a timed plenary, two
    parallel workshops without times, a route by bus whose first two stops have a
    position, a route with no position at all), a practical page and the partners (an
    organiser with a logo). Namespace of the French pages, ``en`` of the English ones."""
    cache.clear()  # Wagtail memoises the site's root paths
    site_tree = make_site_tree()
    fr, en = site_tree.locales.fr, site_tree.locales.en
    bazaar = VenueFactory(
        name="Bazaar St So",
        address="292 rue Camille Guérin",
        postcode="59000",
        town="Lille",
        latitude="50.629300",
        longitude="3.087900",
    )
    halls = VenueFactory(name="Les Halles", part_of=bazaar, address="", postcode="", town="")
    hall2 = VenueFactory(name="Halle basse 2", part_of=bazaar, address="", postcode="", town="")
    pop = VenueFactory(
        name="Pop Café", address="", postcode="", town="Lille Wazemmes", latitude="50.626", longitude="3.049"
    )
    esspace = VenueFactory(name="ESSpace 216", town="Lille Fives", latitude="50.628", longitude="3.095")
    emmaus = VenueFactory(name="Emmaüs Connect", address="", postcode="", town="Roubaix")
    # Real sizes: a hero wider than its largest rendition, a logo wider than its slot.
    hero = wagtail_factories.ImageFactory(
        title="Les Halles du Bazaar St So",
        description="Les Halles, vues d'en haut",
        file__width=1600,
        file__height=900,
    )
    logo = wagtail_factories.ImageFactory(
        title="Logo de la Compagnie des Tiers-Lieux",
        file__width=600,
        file__height=300,
        file__format="PNG",
        file__filename="logo.png",
    )

    edition = EditionPageFactory(
        parent=site_tree.home,
        title="En Compagnie des Tiers-Lieux 2021",
        year=2021,
        start_date=datetime.date(2021, 11, 29),
        city="Lille",
        main_venue=bazaar,
        hero_image=hero,
        tagline="Tiers-lieux et numérique : rencontrer les acteurs qui font le territoire.",
    )
    edito = EditoPageFactory(parent=edition)
    day = ProgrammeDayPageFactory(parent=edition, title="Programme du 29/11", slug="programme-du-29-11")
    yael = PersonFactory(name="Yaël Benayoun", organisation="Le Mouton Numérique", role="Sociologue")
    plenary = WorkshopPageFactory(
        parent=day,
        title="Plénière inspirante",
        slug="pleniere-inspirante",
        format="plenary",
        venue=halls,
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 30),
        registration_required=True,
        capacity=200,
        summary="Le numérique, une affaire de tiers-lieux ?",
        people=[yael],
    )
    workshop1 = WorkshopPageFactory(
        parent=day,
        title="Manufacture de proximité",
        slug="atelier-1-manufacture-de-proximite",
        number=1,
        slot=3,
        venue=hall2,
        summary="Fabriquer près de chez soi.",
        people=[(PersonFactory(name="Agnès Mercier"), "facilitator")],
    )
    workshop2 = WorkshopPageFactory(
        parent=day,
        title="Outils numériques et émancipation",
        slug="atelier-2-outils-numeriques-emancipation",
        number=2,
        slot=3,
        venue=halls,
        summary="Des outils libres pour s'émanciper.",
    )
    route = RoutePageFactory(
        parent=day,
        title="Médiation numérique",
        slug="parcours-1-mediation-numerique",
        number=1,
        slot=4,
        venue=bazaar,
        start_time=datetime.time(14, 0),
        return_time=datetime.time(18, 0),
        theme="Médiation numérique",
        registration_required=True,
        capacity=30,
        summary="Trois lieux de médiation numérique, en bus.",
        stops=[pop, esspace, emmaus],
    )
    route_unmapped = RoutePageFactory(
        parent=day,
        title="Communs numériques",
        slug="parcours-3-communs-numeriques",
        number=3,
        slot=4,
        mode="bike",
        stops=[emmaus],
    )
    practical = ContentPageFactory(
        parent=edition,
        title="Informations pratiques",
        slug="informations-pratiques",
        intro="Accès et horaires.",
    )
    partners = PartnersIndexPageFactory(parent=edition)
    organiser = PartnerPageFactory(
        parent=partners,
        title="La Compagnie des Tiers-Lieux",
        slug="la-compagnie-des-tiers-lieux",
        tier="organiser",
        logo=logo,
        website="https://example.org/compagnie",
    )
    funder = PartnerPageFactory(parent=partners, title="Région Hauts-de-France", slug="region", tier="funder")

    english = {}
    english["home"] = publish_translation(site_tree.home, en, title="En Compagnie des Tiers-Lieux")
    english["edition"] = publish_translation(
        edition,
        en,
        title="En Compagnie des Tiers-Lieux 2021",
        tagline="Third places and digital: meet the people who shape the territory.",
    )
    english["edito"] = publish_translation(edito, en, title="Editorial")
    english["day"] = publish_translation(day, en, title="Programme of 29/11", slug="programme-29-11")
    english["plenary"] = publish_translation(
        plenary, en, title="Inspiring plenary", summary="Digital, a matter of third places?"
    )
    english["workshop1"] = publish_translation(workshop1, en, title="Local manufacturing")
    english["workshop2"] = publish_translation(workshop2, en, title="Digital tools and emancipation")
    english["route"] = publish_translation(route, en, title="Digital inclusion", theme="Digital inclusion")
    english["route_unmapped"] = publish_translation(route_unmapped, en, title="Digital commons")
    english["practical"] = publish_translation(practical, en, title="Practical information", slug="practical")
    english["partners"] = publish_translation(partners, en, title="Partners & funders", slug="partners")
    english["organiser"] = publish_translation(organiser, en)
    english["funder"] = publish_translation(funder, en, title="Hauts-de-France Region")
    cache.clear()
    return SimpleNamespace(
        site=site_tree.site,
        home=site_tree.home,
        locales=site_tree.locales,
        edition=edition,
        edito=edito,
        day=day,
        plenary=plenary,
        workshop1=workshop1,
        workshop2=workshop2,
        route=route,
        route_unmapped=route_unmapped,
        practical=practical,
        partners=partners,
        organiser=organiser,
        funder=funder,
        venues=SimpleNamespace(
            bazaar=bazaar, halls=halls, hall2=hall2, pop=pop, esspace=esspace, emmaus=emmaus
        ),
        en=SimpleNamespace(**english),
        fr_locale=fr,
        en_locale=en,
    )


@pytest.fixture(scope="module")
def visitor_site_once(module_database):
    """``build_visitor_site()`` once for a test module, rolled back after it. Tests that
    use it run inside its transaction (each in a savepoint of its own)."""
    with module_database():
        with TestCase.captureOnCommitCallbacks(execute=True):
            built = build_visitor_site()
        yield built


@pytest.fixture
def visitor_site(visitor_site_once, db):
    """The module's bilingual edition (see build_visitor_site), for ordinary tests."""
    cache.clear()
    return visitor_site_once


@pytest.fixture
def fresh_visitor_site(transactional_db):
    """A bilingual edition built for this test alone: for browser tests (live server,
    committed data)."""
    return build_visitor_site()
