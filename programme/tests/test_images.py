"""Responsive images: one srcset candidate per width, whatever the size of the upload."""

import re

import pytest
import wagtail_factories
from django.template import Context, Template

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_renditions():
    """Wagtail caches renditions by image id, and ids come back after each test's
    rollback: without this, a test would get the previous test's image sizes."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


TEMPLATE = Template(
    '{% load visitor_tags %}{% srcset_image_unique image "width-{400,800,1200}" sizes="100vw" alt="" %}'
)


def widths(image):
    html = TEMPLATE.render(Context({"image": image}))
    srcset = re.search(r'srcset="([^"]*)"', html)
    return [int(w) for w in re.findall(r" (\d+)w", srcset.group(1))] if srcset else [], html


def test_a_large_image_gets_every_width():
    assert widths(wagtail_factories.ImageFactory(file__width=1600, file__height=900))[0] == [400, 800, 1200]


def test_a_small_image_does_not_repeat_its_width():
    # Wagtail does not enlarge: 800 and 1200 both give the 640 px original.
    assert widths(wagtail_factories.ImageFactory(file__width=640, file__height=480))[0] == [400, 640]


def test_an_image_narrower_than_every_size_is_a_plain_img():
    found, html = widths(wagtail_factories.ImageFactory(file__width=300, file__height=200))
    assert found == []
    assert html.startswith("<img") and 'width="300"' in html and 'sizes="100vw"' in html


def test_no_image_renders_nothing():
    assert TEMPLATE.render(Context({"image": None})) == ""
