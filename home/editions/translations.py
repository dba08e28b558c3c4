"""The wagtail-localize records of a copied edition: where the source was translated with
wagtail-localize, the copy gets its own ``TranslationSource``, ``Translation`` and
translated strings, so that the translator's work is kept and "Sync translated pages"
keeps working on the new edition."""

from django.db.models import Count, Exists, OuterRef
from wagtail_localize.models import (
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)


def link_localize_records(copies, versions, copier):
    """Where the source edition was translated with wagtail-localize, give the copy the same
    records: a TranslationSource for each new French page, a Translation into each language
    it had, and the translated strings and overrides moved to the new page's contexts. The
    translator's work is kept and "Sync translated pages" keeps working.

    Strings the copy rewrote (titles, slugs, the demonstration texts) are translated by what
    the copy wrote in each language."""
    source_locale = versions[0].locale
    new_pages = {
        locale_id: {new.translation_key: new for _old, new in pairs} for locale_id, pairs in copies.items()
    }
    key_strings = {str(old): str(new) for old, new in copier.key_map.items()}

    for old_page, new_page in copies[source_locale.pk]:
        old_source = TranslationSource.objects.filter(
            object_id=old_page.translation_key, locale=source_locale
        ).first()
        if old_source is None:
            continue
        old_translations = list(old_source.translations.filter(target_locale_id__in=new_pages))
        if not old_translations:
            continue
        new_source, _created = TranslationSource.get_or_create_from_instance(new_page)
        for old_translation in old_translations:
            target_locale_id = old_translation.target_locale_id
            Translation.objects.create(
                source=new_source,
                target_locale_id=target_locale_id,
                enabled=old_translation.enabled,
                translations_last_updated_at=old_translation.translations_last_updated_at,
                destination_last_updated_at=old_translation.destination_last_updated_at,
            )
            target = new_pages[target_locale_id].get(new_page.translation_key)
            copy_translated_strings(
                old_page.translation_key, new_page.translation_key, target_locale_id, key_strings
            )
            if target is not None:
                translate_rewritten_fields(
                    new_source, target, copier.rewritten.get(new_page.translation_key, set())
                )


def copy_translated_strings(old_key, new_key, locale_id, key_strings):
    """Copy the StringTranslation and SegmentOverride rows of one object into one language,
    from the old object's contexts to the new one's. Context paths name translatable child
    objects by their key ("speakers.<key>.role"), so those keys are mapped too."""
    contexts = {}

    def new_context(old_context):
        if old_context.pk not in contexts:
            path = ".".join(key_strings.get(part, part) for part in old_context.path.split("."))
            contexts[old_context.pk], _created = TranslationContext.objects.get_or_create(
                object_id=new_key, path=path, defaults={"field_path": old_context.field_path}
            )
        return contexts[old_context.pk]

    strings = StringTranslation.objects.filter(
        context__object_id=old_key, locale_id=locale_id
    ).select_related("context")
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of_id=string.translation_of_id,
                locale_id=locale_id,
                context=new_context(string.context),
                data=string.data,
                translation_type=string.translation_type,
                tool_name=string.tool_name,
                last_translated_by_id=string.last_translated_by_id,
                has_error=string.has_error,
                field_error=string.field_error,
            )
            for string in strings
        ]
    )
    overrides = SegmentOverride.objects.filter(
        context__object_id=old_key, locale_id=locale_id
    ).select_related("context")
    SegmentOverride.objects.bulk_create(
        [
            SegmentOverride(
                locale_id=locale_id,
                context=new_context(override.context),
                data_json=override.data_json,
                has_error=override.has_error,
                field_error=override.field_error,
            )
            for override in overrides
        ]
    )


def translate_rewritten_fields(source, target, field_names):
    for segment in source.stringsegment_set.select_related("context", "string"):
        name = segment.context.path
        if name in field_names:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale_id=target.locale_id,
                context=segment.context,
                defaults={
                    "data": getattr(target, name),
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )


def translation_progress(source_ids, locale):
    """{translation source id: (total strings, strings translated into ``locale``)} in two
    queries (the dashboard's backlog and the edition's publication use it)."""
    segments = StringSegment.objects.filter(source_id__in=source_ids)
    totals = dict(segments.values_list("source_id").annotate(n=Count("pk")).order_by())
    translated = dict(
        segments.filter(
            Exists(
                StringTranslation.objects.filter(
                    translation_of_id=OuterRef("string_id"),
                    context_id=OuterRef("context_id"),
                    locale=locale,
                    has_error=False,
                )
            )
        )
        .values_list("source_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {source_id: (total, translated.get(source_id, 0)) for source_id, total in totals.items()}
