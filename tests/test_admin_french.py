"""The admin speaks French: the screens an editor (and a moderator) uses, rendered in
French, carry none of the English or garbled strings that Wagtail's and wagtail-localize's
French catalogues leave (locale/third-party/ overrides them), and counts agree in number."""

import datetime
import html as html_lib
import re

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from programme.factories import WorkshopPageFactory

pytestmark = pytest.mark.django_db

# Seen on the editors' screens (issue 14): English left by the packages' catalogues, and
# French that reads wrong.
KNOWN_OFFENDERS = [
    "Include descendants",
    "Include subtree",
    "Locale",
    "Root",
    "More actions",
    "to English translation",
    "Publier dansEnglish",
    "lieu lieu",
    "personne personne",
    "cette pas en un alias",
    "Annuler le workflow",
    "Guide du redacteur",
    "confirmées sur 1 places",
    "1 confirmées",
    "1 places",
    "1 personnes",
]

ATTRIBUTES = re.compile(r'(?:aria-label|title|placeholder|alt)="([^"]*)"')
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S)


def visible_text(html):
    """What a sighted or screen-reader user meets: text and labelling attributes."""
    text = " ".join([TAGS.sub(" ", html), *ATTRIBUTES.findall(html)])
    return re.sub(r"\s+", " ", html_lib.unescape(text))


def offenders(html):
    text = visible_text(html)
    return [word for word in KNOWN_OFFENDERS if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


@pytest.fixture
def english_workshop(programme, demo_users, django_capture_on_commit_callbacks):
    english = Locale.objects.get(language_code="en")
    source, _ = TranslationSource.get_or_create_from_instance(programme.workshop)
    translation_ = Translation.objects.create(source=source, target_locale=english)
    with django_capture_on_commit_callbacks(execute=True):
        translation_.save_target(user=demo_users.administrateur, publish=True)
    return programme.workshop.get_translation(english)


def editor_screens(programme, english_workshop):
    day, workshop = programme.day, programme.workshop
    source = TranslationSource.objects.get_for_instance(workshop)
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer (root)": reverse("wagtailadmin_explore_root"),
        "explorer (edition)": reverse("wagtailadmin_explore", args=[programme.edition.pk]),
        "explorer (day)": reverse("wagtailadmin_explore", args=[day.pk]),
        "edit session": reverse("wagtailadmin_pages:edit", args=[workshop.pk]),
        "add session": reverse("wagtailadmin_pages:add", args=["programme", "workshoppage", day.pk]),
        "translation editor": reverse("wagtailadmin_pages:edit", args=[english_workshop.pk]),
        "translate a page": reverse("wagtail_localize:submit_page_translation", args=[day.pk]),
        "sync translations": reverse("wagtail_localize:update_translations", args=[source.pk]),
        "bulk publish": reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={day.pk}&childOf={programme.edition.pk}",
        "people": reverse("wagtailsnippets_programme_person:list"),
        "venues": reverse("wagtailsnippets_programme_venue:list"),
        "venue chooser": reverse("wagtailsnippetchoosers_programme_venue:choose"),
        "person chooser": reverse("wagtailsnippetchoosers_programme_person:choose"),
        "page chooser": reverse("wagtailadmin_choose_page"),
    }


def get_html(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200, (url, response.status_code)
    if response.headers["Content-Type"].startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


def test_the_editors_screens_have_no_english_or_garbled_strings(
    client, demo_users, programme, english_workshop
):
    client.force_login(demo_users.editeur)
    found = {}
    for name, url in editor_screens(programme, english_workshop).items():
        if bad := offenders(get_html(client, url)):
            found[name] = bad
    assert found == {}, "; ".join(f"{name}: {bad}" for name, bad in found.items())


def test_the_bulk_publication_offers_the_subpages_in_french(client, demo_users, programme):
    WorkshopPageFactory(parent=programme.day, title="Atelier en préparation").unpublish()
    client.force_login(demo_users.moderateur)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])

    html = get_html(client, f"{url}?id={programme.day.pk}&childOf={programme.edition.pk}")

    assert "Inclure les sous-pages" in html
    assert offenders(html) == []


def test_counts_agree_in_number(client, demo_users, programme):
    """ "1 confirmée sur 200 places", "1 place confirmée et 0 personne en liste d'attente"."""
    from programme.registrations import services

    plenary = programme.plenary
    services.register(
        plenary,
        email="personne@example.org",
        first_name="Prénom",
        last_name="Nom",
        now=datetime.datetime(2021, 11, 1, 10, tzinfo=datetime.UTC),
    )
    client.force_login(demo_users.gestionnaire)

    session = visible_text(
        get_html(client, reverse("registrations_admin:session", args=[plenary.translation_key]))
    )
    overview = visible_text(get_html(client, reverse("registrations_admin:overview")))

    assert "1 confirmée sur 200 places, 0 en liste d'attente" in session
    assert "1 place confirmée et 0 personne en liste d'attente, toutes séances confondues." in overview
    assert offenders(session + overview) == []


def test_a_page_in_moderation_says_cancel_the_review_in_french(client, demo_users, programme):
    workshop = programme.workshop
    workshop.save_revision(user=demo_users.editeur)
    workshop.get_workflow().start(workshop, demo_users.editeur)
    client.force_login(demo_users.editeur)

    html = get_html(client, reverse("wagtailadmin_pages:edit", args=[workshop.pk]))

    assert offenders(html) == []
    assert "Annuler la relecture" in html


def test_a_moderators_alias_confirmation_reads_right(client, demo_users, programme, english_workshop):
    client.force_login(demo_users.moderateur)

    html = get_html(client, reverse("wagtail_localize:convert_to_alias", args=[english_workshop.pk]))

    assert offenders(html) == []
    assert "convertir cette page en alias" in html_lib.unescape(html)


def test_the_translation_editors_javascript_strings_are_french(client, demo_users):
    client.force_login(demo_users.editeur)

    script = client.get(
        reverse("wagtail_localize:javascript_catalog"), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert '"Publish in ": "Publier la version "' in script


def test_the_translation_editor_replaces_the_english_its_script_writes(
    client, demo_users, programme, english_workshop
):
    client.force_login(demo_users.editeur)

    html = get_html(client, reverse("wagtailadmin_pages:edit", args=[english_workshop.pk]))

    assert '"moreActions": "Plus d\\u0027actions"' in html or '"moreActions": "Plus d\'actions"' in html
    assert '"englishSectionTitle": "Fran\\u00e7ais to English translation"' in html
    assert '"December": "d\\u00e9cembre"' in html


def test_the_root_of_the_tree_has_a_french_title(db):
    assert Page.get_first_root_node().title == "Racine du site"


def test_the_override_catalogues_are_compiled():
    directory = settings.BASE_DIR / "locale" / "third-party" / "fr" / "LC_MESSAGES"
    for domain in ("django", "djangojs"):
        po = {
            (e.msgid, e.msgstr) for e in polib.pofile(str(directory / f"{domain}.po")) if not e.msgid_plural
        }
        mo = {
            (e.msgid, e.msgstr) for e in polib.mofile(str(directory / f"{domain}.mo")) if not e.msgid_plural
        }
        assert po <= mo, f"{domain}.po changed: run manage.py compilemessages -l fr"
