"""What the public video pages say in each language: dates typed as the language writes them,
time examples with the language's decimal mark, and a notice when a video is shown in the
other language for want of a translation."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.media_library.test_topics import titles, url


@pytest.mark.parametrize(
    ("language", "pattern", "typed"),
    [("fr", "jj/mm/aaaa", "{d:%d}/{d:%m}/{d:%Y}"), ("en", "yyyy-mm-dd", "{d:%Y}-{d:%m}-{d:%d}")],
)
def test_date_filters_are_text_fields_in_the_languages_format(
    client, make_asset, small_video, media_root, language, pattern, typed
):
    from django.utils import timezone

    make_asset(small_video, title="Fonte des glaciers", locale=language)
    html = client.get(url("index", language=language)).content.decode()
    assert f'placeholder="{pattern}"' in html
    assert 'type="date"' not in html  # a browser's date field follows the browser's language
    today = timezone.localdate()
    found = client.get(url("index", language=language), {"after": typed.format(d=today)})
    assert titles(found) == ["Fonte des glaciers"]
    later = today.replace(year=today.year + 1)
    assert (
        titles(client.get(url("index", language=language), {"after": typed.format(d=later)})) == []
    )


@pytest.mark.parametrize(
    ("language", "example"), [("fr", "par exemple 01:30,5."), ("en", "for example 01:30.5.")]
)
def test_the_time_message_gives_its_example_as_the_language_writes_it(language, example):
    from media_library.downloads.forms import time_messages

    with translation.override(language):
        assert time_messages()["invalid"].endswith(example)
        assert time_messages()["start_required"].endswith(
            example.replace(",5", "").replace(".5", "")
        )


def test_an_english_page_showing_a_french_only_video_says_so(
    make_asset, small_video, media_root, db
):
    french = make_asset(small_video, title="Visite du laboratoire", locale="fr")
    template = Template("{% load media_library_tags %}{% video_player asset %}")
    with translation.override("en"):
        html = template.render(Context({"asset": french}))
    assert "This video has not been published in English: its title, credits and shot list" in html
    assert '<strong lang="fr">Visite du laboratoire</strong>' in html
    with translation.override("fr"):
        assert "notice--language" not in template.render(Context({"asset": french}))
