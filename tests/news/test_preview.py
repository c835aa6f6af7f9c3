"""Drafts can be previewed by the press office in both languages before anything is public."""

import pytest
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "month"),
    [("fr", "Brouillon en français", "novembre"), ("en", "Draft in English", "November")],
)
def test_a_draft_release_previews_in_its_language(editor, make_release, language, title, month):
    import datetime

    release = make_release(
        title,
        language=language,
        publish=False,
        date=datetime.datetime(2025, 11, 17, 10, tzinfo=datetime.UTC),
    )
    revision = release.save_revision()
    response = editor.get(
        reverse("wagtailadmin_pages:revisions_view", args=[release.pk, revision.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    assert f"17 {month} 2025" in html


def test_a_translation_in_progress_previews_in_english_before_publication(
    editor, make_release, news_site, client
):
    from wagtail_localize.operations import translate_object

    release = make_release("Communiqué à traduire")
    translate_object(release, [news_site["locales"]["en"]])
    translation = Translation.objects.get(
        source__object_id=release.translation_key, target_locale=news_site["locales"]["en"]
    )
    segment = translation.source.stringsegment_set.get(string__data="Communiqué à traduire")
    StringTranslation.objects.create(
        translation_of=segment.string,
        context=segment.context,
        locale=news_site["locales"]["en"],
        data="Release being translated",
    )
    response = editor.get(reverse("wagtail_localize:preview_translation", args=[translation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<h1>Release being translated</h1>" in html
    english = release.get_translations().get()
    assert not english.live
    client.logout()
    assert client.get(english.url).status_code == 404
