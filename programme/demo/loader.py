"""Build an edition from its data module (``programme/demo/edition_2021.py``): the Venue
and Person snippets, then the published pages, in the French locale. The ``load_demo``
command runs it, then the English translation (``translate.py``) and the demonstration
edition (``next_edition.py``).

Idempotent: objects are found by stable keys (a page by its slug under its parent in the
French locale, a person by name, a venue by name and building) and only the fields the
data names are written. A page whose live content already matches the data is left
alone: no new revision. Pages, people and venues that are not in the data (added by
editors) are never touched; fields the data does not name (coordinates, photos, times)
keep whatever editors set. Running it again after editing the data republishes the
pages that changed, keeping the identity (and translation key) of unchanged speakers
and stops.

The site: the French HomePage becomes the default Site's root page (a new default Site
on localhost:80 if there is none; an existing one keeps its hostname and port), and
Wagtail's placeholder "Welcome" page is deleted if it is still untouched.
"""

import html
import logging
from collections import Counter
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from programme.models import Person, RouteStop, SessionPerson, Venue

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "admin"  # noqa: S105 - a documented local demo account, never in production

SOURCE_LANGUAGE = "fr"
OTHER_LANGUAGES = ["en"]

# Keys of a page spec that are not model fields.
SPEC_KEYS = {"type", "slug", "children", "people", "stops"}


def paragraph_html(text):
    return f"<p>{html.escape(text, quote=False)}</p>"


def list_html(items):
    return "<ul>" + "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items) + "</ul>"


def stream_data(entries):
    """The data's ("paragraph", text) / ("list", items) / ("menu", dict) entries as the
    raw JSON a StreamField accepts."""
    blocks = []
    for kind, value in entries:
        if kind == "paragraph":
            blocks.append({"type": "paragraph", "value": paragraph_html(value)})
        elif kind == "list":
            blocks.append({"type": "paragraph", "value": list_html(value)})
        elif kind == "menu":
            blocks.append({"type": "menu", "value": {"dessert": "", "drink": "", **value}})
        else:
            raise DemoDataError(f"Unknown body entry {kind!r} in the demo data.")
    return blocks


def stream_signature(stream_value):
    """A StreamField value without its block ids, to compare content."""
    return [(block["type"], block["value"]) for block in stream_value.get_prep_value()]


# Loggers that report every publication and index update at INFO.
CHATTY_LOGGERS = ["wagtail", "django_tasks"]


@contextmanager
def quiet_loggers(quiet):
    """Silence per-page INFO lines: the command sums up what it did itself."""
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS]
    levels = [logger.level for logger in loggers]
    if quiet:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class DemoLoader:
    """Brings the database in line with one edition's data module."""

    def __init__(self, data):
        self.data = data
        self.stats = Counter()
        self.venues = {}
        self.people = {}

    def run(self):
        self.locale = self.ensure_locales()
        for spec in self.data.VENUES:
            self.venues[spec["name"]] = self.sync_venue(spec)
        for spec in self.data.PEOPLE:
            self.people[spec["name"]] = self.sync_person(spec)
        root = Page.get_first_root_node()
        home = self.sync_page(root, self.data.HOME, existing=self.current_home(root))
        self.set_site_root(home)
        self.remove_welcome_page(root)
        return home

    # --- Locales and site --------------------------------------------------------------

    def ensure_locales(self):
        source, _ = Locale.objects.get_or_create(language_code=SOURCE_LANGUAGE)
        for code in OTHER_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        return source

    def current_home(self, root):
        """The French HomePage already serving as the default site's root, if any."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site and site.root_page.specific_class is HomePage and site.root_page.locale_id == self.locale.pk:
            return site.root_page.specific
        return None

    def set_site_root(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
            self.stats["site created"] += 1
            return
        if site.root_page_id != home.pk or not site.site_name:
            site.root_page = home
            site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
            site.save()
            self.stats["site updated"] += 1

    def remove_welcome_page(self, root):
        """Delete Wagtail's placeholder page, only if nobody has built on it."""
        placeholder = (
            root.get_children()
            .filter(
                content_type=ContentType.objects.get_for_model(Page),
                slug="home",
                title__startswith="Welcome to your new Wagtail site",
                numchild=0,
            )
            .exclude(sites_rooted_here__isnull=False)
        )
        for page in placeholder:
            page.delete()
            self.stats["placeholder deleted"] += 1

    # --- Snippets ----------------------------------------------------------------------

    def sync_object(self, model, lookup, values, label):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.stats[f"{label} created"] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save()
            self.stats[f"{label} updated"] += 1
        return obj

    def sync_venue(self, spec):
        part_of = self.venues[spec["part_of"]] if spec.get("part_of") else None
        lookup = {"name": spec["name"], "part_of": part_of, "locale": self.locale}
        values = {name: spec.get(name, "") for name in ("address", "postcode", "town")}
        return self.sync_object(Venue, lookup, values, "venues")

    def sync_person(self, spec):
        lookup = {"name": spec["name"], "locale": self.locale}
        values = {name: spec.get(name, "") for name in ("organisation", "role")}
        values["bio"] = paragraph_html(spec["bio"]) if spec.get("bio") else ""
        return self.sync_object(Person, lookup, values, "people")

    # --- Pages -------------------------------------------------------------------------

    def field_values(self, model, spec):
        """The spec's model fields, converted to what the model stores."""
        values = {}
        for name, raw in spec.items():
            if name in SPEC_KEYS:
                continue
            field = model._meta.get_field(name)
            if isinstance(field, StreamField):
                values[name] = stream_data(raw)
            elif isinstance(field, RichTextField):
                values[name] = paragraph_html(raw) if raw else ""
            elif isinstance(field, models.ForeignKey) and field.related_model is Venue:
                values[name] = self.venues[raw] if raw else None
            else:
                values[name] = raw
        return values

    @staticmethod
    def differs(page, name, value):
        field = page._meta.get_field(name)
        if isinstance(field, StreamField):
            return stream_signature(getattr(page, name)) != stream_signature(field.to_python(value))
        if isinstance(field, models.ForeignKey):
            return getattr(page, field.attname) != (value.pk if value else None)
        return getattr(page, name) != value

    def cluster_items(self, page, spec):
        """{relation name: [child objects]} for the speakers or stops the spec lists,
        reusing the page's existing rows for the same person or venue."""
        clusters = {}
        if "people" in spec:
            existing = {item.person_id: item for item in page.speakers.all()} if page.pk else {}
            items = []
            for name, role in spec["people"]:
                person = self.people[name]
                item = existing.pop(person.pk, None) or SessionPerson(person=person, locale=self.locale)
                item.role = role
                items.append(item)
            clusters["speakers"] = items
        if "stops" in spec:
            existing = {item.venue_id: item for item in page.stops.all()} if page.pk else {}
            items = []
            for name, note in spec["stops"]:
                venue = self.venues[name]
                item = existing.pop(venue.pk, None) or RouteStop(venue=venue, locale=self.locale)
                item.note = note
                items.append(item)
            clusters["stops"] = items
        for items in clusters.values():
            for index, item in enumerate(items):
                item.sort_order = index
        return clusters

    @staticmethod
    def cluster_signature(relation, items):
        key = "person_id" if relation == "speakers" else "venue_id"
        other = "role" if relation == "speakers" else "note"
        return [(getattr(item, key), getattr(item, other)) for item in items]

    def sync_page(self, parent, spec, existing=None):
        model = apps.get_model(spec["type"])
        values = self.field_values(model, spec)
        if existing is None:
            match = parent.get_children().filter(slug=spec["slug"], locale=self.locale).first()
            existing = match.specific if match else None
        if existing is not None and not isinstance(existing, model):
            raise DemoDataError(
                f"/{spec['slug']}/ under “{parent.title}” is a {type(existing).__name__}, "
                f"the demo expects a {model.__name__}: move or rename it first."
            )

        if existing is None:
            page = model(slug=spec["slug"], locale=self.locale, live=False, **values)
            for relation, items in self.cluster_items(page, spec).items():
                setattr(page, relation, items)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.stats["pages created"] += 1
        else:
            page = existing
            if existing.slug != spec["slug"]:
                values["slug"] = spec["slug"]
            changed = [name for name, value in values.items() if self.differs(page, name, value)]
            clusters = self.cluster_items(page, spec)
            changed += [
                relation
                for relation, items in clusters.items()
                if self.cluster_signature(relation, getattr(page, relation).all())
                != self.cluster_signature(relation, items)
            ]
            if changed or not page.live:
                for name in changed:
                    if name in clusters:
                        setattr(page, name, clusters[name])
                    else:
                        setattr(page, name, values[name])
                page.save_revision().publish()
                self.stats["pages updated"] += 1
            else:
                self.stats["pages unchanged"] += 1

        children = [self.sync_page(page, child) for child in spec.get("children", [])]
        self.put_in_order(page, children)
        return page

    def put_in_order(self, parent, children):
        """Make the data's pages appear in the data's order among their siblings."""
        wanted = [child.pk for child in children]
        current = [pk for pk in parent.get_children().values_list("pk", flat=True) if pk in set(wanted)]
        if current == wanted:
            return
        for pk in wanted:
            Page.objects.get(pk=pk).move(Page.objects.get(pk=parent.pk), pos="last-child")
        self.stats["pages reordered"] += len(wanted)


class DemoDataError(Exception):
    """The demo data, or the database it meets, cannot be loaded as it is."""


def ensure_demo_admin():
    """Create the demo superuser if no user of that name exists; True when created."""
    User = get_user_model()
    if User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        return False
    User.objects.create_superuser(DEMO_ADMIN_USERNAME, "admin@example.org", DEMO_ADMIN_PASSWORD)
    return True
