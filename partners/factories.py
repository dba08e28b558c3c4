"""Factories for the partners pages.

::

    index = PartnersIndexPageFactory(parent=edition)
    PartnerPageFactory(parent=index, title="France Tiers-Lieux", tier="organiser")
    PartnerPageFactory.create_batch(3, parent=index, tier="funder")
"""

import factory
import wagtail_factories

from partners.models import PartnerPage, PartnersIndexPage


class PartnersIndexPageFactory(wagtail_factories.PageFactory):
    """The single partners page of an edition."""

    title = "Partenaires & financeurs"
    slug = "partenaires"

    class Meta:
        model = PartnersIndexPage


class PartnerPageFactory(wagtail_factories.PageFactory):
    """One organisation; ``tier`` is one of organiser, host, partner, funder."""

    title = factory.Sequence(lambda n: f"Partenaire {n}")
    tier = "partner"
    website = "https://example.org/"

    class Meta:
        model = PartnerPage
