"""The "Logos des partenaires" content block: partners chosen among the partner pages,
shown in the visitor's language with their logo, or their name when they have none."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.blocks import BodyBlock
from home.factories import ContentPageFactory, EditionPageFactory
from home.models import ContentPage
from partners.factories import PartnerPageFactory, PartnersIndexPageFactory
from programme.tests.conftest import publish_translation


@pytest.fixture
def edition(site_tree):
    return EditionPageFactory(parent=site_tree.home, year=2021, slug="2021")


@pytest.fixture
def index(edition):
    return PartnersIndexPageFactory(parent=edition)


def page_with_logos(edition, partners, heading="Avec le soutien de"):
    return ContentPageFactory(
        parent=edition,
        title="Infos pratiques",
        slug="infos",
        body=[("partner_logos", {"heading": heading, "partners": list(partners)})],
    )


def logos_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    block = soup.select_one(".partner-logos")
    return block, [
        (link["href"], img["alt"] if (img := link.find("img")) else link.get_text(strip=True))
        for link in block.select("li a")
    ]


def test_shows_each_partner_with_its_logo_or_its_name_linking_to_its_page(client, edition, index):
    with_logo = PartnerPageFactory(
        parent=index, title="Région Hauts-de-France", slug="region", logo=wagtail_factories.ImageFactory()
    )
    without_logo = PartnerPageFactory(parent=index, title="Bazaar St So", slug="bazaar")
    page = page_with_logos(edition, [with_logo, without_logo])

    response = client.get(page.url)

    block, logos = logos_of(response)
    assert block.h2.get_text() == "Avec le soutien de"
    assert logos == [
        ("/fr/2021/partenaires/region/", "Région Hauts-de-France"),
        ("/fr/2021/partenaires/bazaar/", "Bazaar St So"),
    ]


def test_unpublished_partners_are_left_out_and_an_empty_block_shows_nothing(client, edition, index):
    gone = PartnerPageFactory(parent=index, title="Ancien partenaire", slug="ancien")
    page = page_with_logos(edition, [gone])
    gone.unpublish()

    response = client.get(page.url)

    assert response.status_code == 200
    assert b"partner-logos" not in response.content
    assert b"Ancien partenaire" not in response.content


def test_heading_is_optional(client, edition, index):
    page = page_with_logos(edition, [PartnerPageFactory(parent=index, title="ANCT")], heading="")

    block, logos = logos_of(client.get(page.url))

    assert block.h2 is None
    assert [name for _, name in logos] == ["ANCT"]


def test_english_page_links_to_the_english_partner_page(client, site_tree, edition, index):
    partner = PartnerPageFactory(parent=index, title="Région Hauts-de-France", slug="region")
    page = page_with_logos(edition, [partner])
    en = site_tree.locales.en
    publish_translation(site_tree.home, en)
    publish_translation(edition, en)
    publish_translation(index, en, slug="partners")
    publish_translation(partner, en, title="Hauts-de-France Region")
    english_page = publish_translation(page, en)

    _, logos = logos_of(client.get(english_page.url))

    assert logos == [("/en/2021/partners/region/", "Hauts-de-France Region")]


def test_queries_do_not_grow_with_the_number_of_partners(client, edition, index):
    def queries_for(count, slug):
        partners = [
            PartnerPageFactory(parent=index, logo=wagtail_factories.ImageFactory()) for _ in range(count)
        ]
        page = ContentPageFactory(
            parent=edition, slug=slug, body=[("partner_logos", {"heading": "", "partners": partners})]
        )
        client.get(page.url)  # renditions are created on the first view
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert len(logos_of(response)[1]) == count
        return len(queries)

    assert queries_for(2, "deux") == queries_for(6, "six")


def test_a_block_without_partner_is_refused_in_french(site_tree, edition, post_page_form):
    data = nested_form_data(
        {
            "title": "Soutiens",
            "slug": "soutiens",
            "intro": "",
            "body": streamfield([("partner_logos", {"heading": "Merci", "partners": streamfield([])})]),
        }
    )

    response = post_page_form(edition, ContentPage, data)

    assert response.status_code == 200
    assert not ContentPage.objects.filter(slug="soutiens").exists()
    html = response.content.decode()
    assert "Le nombre minimum d" in html and "est 1" in html, html[html.find("minimum") - 200 :][:400]


def test_block_preview_shows_the_site_partners(admin_client, edition, index):
    PartnerPageFactory(parent=index, title="France Tiers-Lieux", logo=wagtail_factories.ImageFactory())
    block = BodyBlock().child_blocks["partner_logos"]

    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    assert response.status_code == 200
    assert 'alt="France Tiers-Lieux"' in response.content.decode()


def test_translating_the_page_with_wagtail_localize_keeps_the_block(client, site_tree, edition, index):
    """The translator's path: the block's heading is a string to translate, the chosen
    partners follow to their English versions."""
    from django.test import TestCase
    from wagtail_localize.models import StringTranslation, TranslationSource
    from wagtail_localize.operations import TranslationCreator

    en = site_tree.locales.en
    partner = PartnerPageFactory(parent=index, title="Région Hauts-de-France", slug="region")
    page = page_with_logos(edition, [partner], heading="Avec le soutien de")
    for ancestor in (site_tree.home, edition, index, partner):
        publish_translation(ancestor, en)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    for segment in source.stringsegment_set.select_related("string", "context"):
        english = {"Avec le soutien de": "With the support of"}.get(segment.string.data, segment.string.data)
        StringTranslation.objects.create(
            translation_of=segment.string, locale=en, context=segment.context, data=english
        )

    with TestCase.captureOnCommitCallbacks(execute=True):
        TranslationCreator(user=None, target_locales=[en]).create_translations(page)

    english_page = page.get_translation(en)
    block, logos = logos_of(client.get(english_page.url))
    assert block.h2.get_text() == "With the support of"
    assert logos == [("/en/2021/partenaires/region/", "Région Hauts-de-France")]
