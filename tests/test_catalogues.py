"""The interface message catalogues in locale/: complete, compiled and in use.

Msgids are French (the source language). The English catalogue translates every one of
them; the French catalogue repeats them, so that French plural rules apply and no
third-party catalogue (Django translates "English" as "Anglais") can change a French
string. The .mo files are committed, so a machine without gettext needs no build step:
these tests fail when a .po was edited without running ``manage.py compilemessages``.
"""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

LOCALE_DIR = settings.BASE_DIR / "locale"
LANGUAGES = ["en", "fr"]
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def po_path(language):
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language):
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


def load_po(language):
    return polib.pofile(str(po_path(language)))


def translations(catalogue):
    """{(msgctxt, msgid, msgid_plural): msgstr or tuple of plural forms} of the entries
    gettext would use: translated, not fuzzy, not obsolete."""
    result = {}
    for entry in catalogue:
        if entry.obsolete or getattr(entry, "fuzzy", False):
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if all(forms):
                result[key] = forms
        elif entry.msgstr:
            result[key] = entry.msgstr
    return result


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def test_locale_paths_point_to_the_catalogues():
    assert LOCALE_DIR in [Path(path) for path in settings.LOCALE_PATHS]
    for language in LANGUAGES:
        assert po_path(language).is_file(), po_path(language)
        assert mo_path(language).is_file(), f"{mo_path(language)} missing: run manage.py compilemessages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header(language):
    catalogue = load_po(language)
    assert catalogue.metadata["Language"] == language
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert not catalogue.metadata_is_fuzzy, "a fuzzy header is ignored by gettext"
    expected_plural = {"en": "plural=(n != 1)", "fr": "plural=(n > 1)"}[language]
    assert expected_plural in catalogue.metadata["Plural-Forms"]


def test_english_catalogue_is_complete():
    catalogue = load_po("en")
    assert len(catalogue) > 300, "the English catalogue looks truncated"
    untranslated = [e.msgid for e in catalogue if not e.obsolete and not e.translated() and not e.fuzzy]
    fuzzy = [e.msgid for e in catalogue if not e.obsolete and e.fuzzy]
    obsolete = [e.msgid for e in catalogue if e.obsolete]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy (check them, then remove the flag): {fuzzy[:10]}"
    assert obsolete == [], f"obsolete entries (run makemessages --no-obsolete): {obsolete[:10]}"


def test_french_catalogue_has_every_english_msgid():
    english = {(e.msgctxt, e.msgid, e.msgid_plural) for e in load_po("en") if not e.obsolete}
    french = {(e.msgctxt, e.msgid, e.msgid_plural) for e in load_po("fr") if not e.obsolete}
    assert english == french, "run makemessages -l en -l fr to bring both catalogues in line"


def test_french_catalogue_keeps_the_source_text():
    for entry in load_po("fr"):
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            assert entry.msgstr_plural[0] == entry.msgid, entry.msgid
            assert entry.msgstr_plural[1] == entry.msgid_plural, entry.msgid
        else:
            assert entry.msgstr == entry.msgid, entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    for entry in load_po(language):
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            for index, form in entry.msgstr_plural.items():
                source = entry.msgid if index == 0 else entry.msgid_plural
                # A singular form may leave out the count ("one place left"); it may not invent one.
                assert set(placeholders(form)) <= set(placeholders(entry.msgid_plural)), (entry.msgid, form)
                if index != 0:
                    assert placeholders(form) == placeholders(source), (entry.msgid, form)
        else:
            assert placeholders(entry.msgstr) == placeholders(entry.msgid), (entry.msgid, entry.msgstr)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po(language):
    """The committed .mo says exactly what the .po says (content, not modification times:
    a git checkout gives both files the same arbitrary time)."""
    compiled = polib.mofile(str(mo_path(language)))
    source = load_po(language)
    assert compiled.metadata.get("Plural-Forms") == source.metadata.get("Plural-Forms")
    stale = set(translations(source).items()) ^ set(translations(compiled).items())
    assert not stale, (
        f"{mo_path(language)} is out of date ({len(stale)} differences, e.g. {sorted(stale, key=str)[:3]}): "
        f"run manage.py compilemessages -l {language}"
    )


MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="gettext tools not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_check_format(language):
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [MSGFMT, "--check", "--check-format", "-o", "/dev/null", str(po_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


VISITOR_STRINGS = {
    "Aller au contenu": "Skip to content",
    "Page introuvable": "Page not found",
    "Inscription obligatoire": "Registration required",
    "Rejoindre la liste d'attente": "Join the waiting list",
    "M'inscrire": "Register",
    "Mes inscriptions": "My registrations",
    "Retour au programme : %(title)s": "Back to the programme: %(title)s",
    "Cette séance est complète.": "This session is full.",
    "Indiquez votre adresse e-mail.": "Please enter your e-mail address.",
    "Inscription confirmée : %(title)s": "Registration confirmed: %(title)s",
}


def test_visitor_strings_come_out_in_english():
    with translation.override("en"):
        for french, english in VISITOR_STRINGS.items():
            assert gettext(french) == english
    with translation.override("fr"):
        for french in VISITOR_STRINGS:
            assert gettext(french) == french


def test_plurals_follow_each_language():
    singular = "Inscription obligatoire – %(capacity)s place"
    plural = "Inscription obligatoire – %(capacity)s places"
    with translation.override("en"):
        assert ngettext(singular, plural, 1) % {"capacity": 1} == "Registration required – 1 place"
        assert ngettext(singular, plural, 0) % {"capacity": 0} == "Registration required – 0 places"
        assert ngettext(singular, plural, 25) % {"capacity": 25} == "Registration required – 25 places"
    with translation.override("fr"):
        # French: 0 and 1 take the singular.
        assert ngettext(singular, plural, 0) % {"capacity": 0} == "Inscription obligatoire – 0 place"
        assert ngettext(singular, plural, 25) % {"capacity": 25} == "Inscription obligatoire – 25 places"


def test_templates_translate_blocktranslate_with_plural():
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} séance en même temps : "
        "choisissez-en une.{% plural %}{{ counter }} séances en même temps : choisissez-en une."
        "{% endblocktranslate %}"
    )
    with translation.override("en"):
        assert template.render(Context({"n": 6})) == "6 sessions at the same time: choose one."
    with translation.override("fr"):
        assert template.render(Context({"n": 6})) == "6 séances en même temps : choisissez-en une."


def test_every_string_comes_out_of_our_catalogues():
    """Each msgid gives our translation in English and itself in French, whatever the other
    catalogues say (Django's own French catalogue translates "English" as "Anglais")."""
    english, french = load_po("en"), load_po("fr")
    for language, catalogue in (("en", english), ("fr", french)):
        with translation.override(language):
            for entry in catalogue:
                if entry.obsolete or not entry.translated() or entry.msgctxt:
                    continue
                if entry.msgid_plural:
                    for n in (1, 2):
                        form = entry.msgstr_plural[0 if n == 1 else 1]
                        assert ngettext(entry.msgid, entry.msgid_plural, n) == form, (language, entry.msgid)
                else:
                    assert gettext(entry.msgid) == entry.msgstr, (language, entry.msgid)


def test_url_segments_are_translated():
    with translation.override("en"):
        english = {e.msgid: e.msgstr for e in load_po("en") if e.msgctxt == "URL segment"}
        for french, segment in english.items():
            assert pgettext("URL segment", french) == segment
            assert re.fullmatch(r"[a-z0-9.-]+", segment), segment
