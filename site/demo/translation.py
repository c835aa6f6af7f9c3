"""Demo translations made the way a translator makes them: through wagtail-localize."""

from functools import partial

from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate(instance, locale, strings):
    """Translate `instance` into `locale` with wagtail-localize and publish the result.

    `strings` maps each source text (as wagtail-localize segments it) to its translation. The
    translation stays synchronised with its source, as one made in the translation editor.
    Running it again updates the same translation: nothing is duplicated.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = strings.get(segment.string.data)
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    translation.save_target(publish=True)
    translated = instance.get_translation(locale)
    if isinstance(translated, Page):
        transaction.on_commit(partial(_recount_children, translated.pk))
    return translated


def _recount_children(page_id):
    """wagtail-localize publishes a translated page on commit from the revision it made, whose
    page still has the child count of that moment: pages added below it later in the same
    transaction (a demo loader translating a section, then its pages) would be forgotten by the
    tree, and the next child would collide with the first. Count them again after that publish.
    """
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
    if page.numchild != children:
        Page.objects.filter(pk=page_id).update(numchild=children)
