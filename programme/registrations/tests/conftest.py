"""Fixtures for the registration tests: an edition a month ahead, one day, and helpers to
make sessions, translate them and register people.

Built on the project's factories and the ``site_tree`` fixture (root conftest.py).
"""

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.utils import timezone, translation
from wagtail.models import Page, Site
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from home.factories import EditionPageFactory
from programme.factories import ProgrammeDayPageFactory, RoutePageFactory, WorkshopPageFactory
from programme.registrations import services

MENU_ID = "11111111-1111-4111-8111-111111111111"
VEGETARIAN_ID = "22222222-2222-4222-8222-222222222222"
MEAT_ID = "33333333-3333-4333-8333-333333333333"
BIKE_ID = "44444444-4444-4444-8444-444444444444"
DIET_ID = "55555555-5555-4555-8555-555555555555"


def menu_question(required=True):
    return {
        "type": "choice",
        "id": MENU_ID,
        "value": {
            "label": "Menu du déjeuner",
            "required": required,
            "options": [
                {"type": "item", "id": VEGETARIAN_ID, "value": "Végétarien"},
                {"type": "item", "id": MEAT_ID, "value": "Omnivore"},
            ],
        },
    }


def bike_question(required=True):
    return {
        "type": "yes_no",
        "id": BIKE_ID,
        "value": {"label": "J'ai besoin qu'on me prête un vélo", "required": required},
    }


def diet_question(required=False):
    return {"type": "text", "id": DIET_ID, "value": {"label": "Régime alimentaire", "required": required}}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _french():
    """French, the source language, unless a test asks otherwise (a request to /en/
    leaves English active in the thread)."""
    with translation.override("fr"):
        yield


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def edition(site_tree):
    """An edition of two days, starting in a month: registration is open."""
    start = timezone.localdate() + dt.timedelta(days=30)
    return EditionPageFactory(
        parent=site_tree.home,
        year=start.year,
        slug=f"edition-{start.year}",
        start_date=start,
        end_date=start + dt.timedelta(days=1),
    )


@pytest.fixture
def day(edition):
    return ProgrammeDayPageFactory(parent=edition, title="Jour 1", slug="jour-1", date=edition.start_date)


@pytest.fixture
def day2(edition):
    return ProgrammeDayPageFactory(parent=edition, title="Jour 2", slug="jour-2", date=edition.end_date)


@pytest.fixture
def make_workshop(day):
    def make(parent=None, **kwargs):
        kwargs.setdefault("registration_required", True)
        kwargs.setdefault("capacity", 3)
        return WorkshopPageFactory(parent=parent or day, **kwargs)

    return make


@pytest.fixture
def make_route(day):
    def make(parent=None, **kwargs):
        kwargs.setdefault("registration_required", True)
        kwargs.setdefault("capacity", 30)
        kwargs.setdefault("mode", "bike")
        return RoutePageFactory(parent=parent or day, **kwargs)

    return make


@pytest.fixture
def workshop(make_workshop):
    return make_workshop(title="Atelier cartographie", slug="atelier-cartographie", capacity=2)


@pytest.fixture
def register():
    """register(page, "ada@example.org", now=..., **kwargs) -> Registration."""

    def do(page, email=None, now=None, **kwargs):
        email = email or f"{uuid.uuid4().hex[:10]}@example.org"
        kwargs.setdefault("first_name", "Ada")
        kwargs.setdefault("last_name", "Lovelace")
        return services.register(page, email=email, now=now or timezone.now(), **kwargs).registration

    return do


@pytest.fixture
def translate(site_tree, django_capture_on_commit_callbacks):
    """translate(page) -> its published English version, made with wagtail-localize as a
    translator would (parents first; every string gets " (EN)")."""
    english = site_tree.locales.en

    def do(page):
        chain = [*page.get_ancestors().filter(depth__gt=1), page]
        with django_capture_on_commit_callbacks(execute=True):
            creator = TranslationCreator(user=None, target_locales=[english])
            for item in chain:
                if not item.get_translations().filter(locale=english).exists() or item.pk == page.pk:
                    creator.create_translations(item)
        for source in TranslationSource.objects.filter(locale__language_code="fr"):
            for segment in source.stringsegment_set.select_related("string", "context"):
                if segment.context.path == "slug":
                    continue
                StringTranslation.objects.get_or_create(
                    translation_of=segment.string,
                    locale=english,
                    context=segment.context,
                    defaults={"data": f"{segment.string.data} (EN)", "translation_type": "manual"},
                )
            for target in source.translations.all():
                with django_capture_on_commit_callbacks(execute=True):
                    target.save_target(publish=True)
        Site.clear_site_root_paths_cache()  # computed before the English home existed
        return Page.objects.get(translation_key=page.translation_key, locale=english).specific

    return do


@pytest.fixture
def manager(django_user_model):
    """A registrations manager (group created by the data migration)."""
    user = django_user_model.objects.create_user(username="gestion", password="x", email="g@example.org")
    # Made by migration 0002; re-made here so that the tests also run with --nomigrations.
    group, _ = Group.objects.get_or_create(name="Gestionnaires des inscriptions")
    group.permissions.add(
        Permission.objects.get(codename="view_personal_data"), Permission.objects.get(codename="access_admin")
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor(django_user_model):
    """An editor with admin access who is not a registrations manager."""
    user = django_user_model.objects.create_user(username="redac", password="x", email="r@example.org")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def cached(settings):
    """The page cache on, empty (the live state's tests serve pages from it)."""
    settings.PAGE_CACHE = True
    cache.clear()
