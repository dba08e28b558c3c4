"""Factories for the site root, editions and content pages.

Pages need a parent; pass it as ``parent=``::

    home = HomePageFactory(parent=Page.get_first_root_node())
    edition = EditionPageFactory(parent=home, year=2021, start_date=date(2021, 11, 29))
    ContentPageFactory(parent=edition, title="Infos pratiques")

Most tests start from the ``site_tree`` fixture (conftest.py), which makes the HomePage
the root of the default Site so that ``edition.url`` is ``/fr/2021/``.
"""

import datetime

import factory
import wagtail_factories

from home.models import ContentPage, EditionPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    """The site root of one language."""

    title = "En Compagnie des Tiers-Lieux"
    intro = "<p>Le rendez-vous annuel des tiers-lieux.</p>"

    class Meta:
        model = HomePage


class EditionPageFactory(wagtail_factories.PageFactory):
    """One year's edition; a one-day edition by default, on 29 November of its year.

    ``EditionPageFactory(parent=home, year=2022, end_date=date(2022, 11, 30))``
    """

    year = factory.Sequence(lambda n: 2021 + n)
    title = factory.LazyAttribute(lambda o: f"Édition {o.year}")
    slug = factory.LazyAttribute(lambda o: str(o.year))
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 29))
    end_date = None
    city = "Lille"
    tagline = "Rencontrer les acteurs qui font le territoire."

    class Meta:
        model = EditionPage


class ContentPageFactory(wagtail_factories.PageFactory):
    """A free page, e.g. practical information. ``body`` takes stream data::

    ContentPageFactory(parent=edition, body=[("paragraph", RichText("<p>Accès</p>"))])
    """

    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "Tout ce qu'il faut savoir pour venir."

    class Meta:
        model = ContentPage
