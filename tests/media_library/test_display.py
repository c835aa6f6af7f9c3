"""What the public sees: only published videos, in the reader's language, with a player."""

import pytest
from django.template import Context, Template
from django.utils import translation

from media_library.blocks import VideoBlock
from media_library.models import ProcessingStatus, VideoRendition


def render_featured():
    return Template("{% load media_library_tags %}{% featured_videos 3 %}").render(Context({}))


@pytest.mark.django_db
def test_drafts_are_shown_nowhere(make_asset, small_video, presets):
    draft = make_asset(small_video, title="Embargoed footage", live=False)

    with translation.override("fr"):
        assert "Embargoed footage" not in render_featured()
        block = VideoBlock()
        assert block.render(block.to_python({"video": draft.pk, "caption": ""})).strip() == ""


@pytest.mark.django_db
def test_a_published_video_is_shown_in_the_readers_language_with_its_player(
    make_asset, small_video, presets, roots, django_capture_on_commit_callbacks
):
    from portal.demo.translation import translate

    french = make_asset(small_video, title="Le port à l’aube")
    french.shots.create(start=0, end=1.5, description="Vue générale")
    french.save()
    with django_capture_on_commit_callbacks(execute=True):
        translate(french, roots["en"], {"Le port à l’aube": "The harbour at dawn"})
    block = VideoBlock()
    value = block.to_python({"video": french.pk, "caption": "Archive"})

    with translation.override("fr"):
        html = block.render(value)
        assert "Le port à l’aube" in html and "en préparation" in html and "<video" not in html
        assert "00:00–00:01,5" in html and "Vue générale" in html and "(0:03)" in html
        assert "Le port à l’aube" in render_featured()

    rendition = french.get_rendition(presets["mp4-360p-web"])
    VideoRendition.objects.filter(pk=rendition.pk).update(
        status=ProcessingStatus.READY, file="videos/renditions/x/clip.mp4"
    )
    with translation.override("en"):
        html = block.render(value)
        assert "The harbour at dawn" in html and "Archive" in html
        assert "00:00–00:01.5" in html and "(0:03)" in html
        # the player streams through the gated URL, never the file's MEDIA_URL
        assert f'<source src="/en/videos/{french.video_id}/watch/light/"' in html
        assert "/media/videos/renditions/" not in html
        featured = render_featured()
        assert "The harbour at dawn" in featured and "Le port" not in featured
        # from a press release or the home page, the video's own page is one click away
        page = f'href="/en/videos/{french.video_id}/'
        assert f'{page}#download">Download this video or a part of it</a>' in html
        assert f'{page}">' in featured and 'href="/en/videos/">All videos</a>' in featured


@pytest.mark.django_db
def test_the_home_page_features_the_latest_published_videos(
    home_pages, make_asset, small_video, client
):
    make_asset(small_video, title="Conférence de presse")
    make_asset(small_video, title="Images sous embargo", live=False)

    page = client.get("/fr/").content.decode()

    assert "Dernières vidéos" in page and "Conférence de presse" in page
    assert "Images sous embargo" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shot", "duration"),
    [("fr", "00:00,5–00:01,5", "Durée 0:03"), ("en", "00:00.5–00:01.5", "Duration 0:03")],
)
def test_times_are_shown_as_people_read_them_in_each_language(
    client, make_asset, small_video, language, shot, duration
):
    """Durations like a clock ('0:03'), shot times as localised timecodes, no milliseconds."""
    from django.urls import reverse

    asset = make_asset(small_video, title="Le port", locale=language)
    asset.shots.create(start=0.5, end=1.5, description="Vue générale")
    asset.save()
    with translation.override(language):
        index = client.get(reverse("media_library_public:index")).content.decode()
        page = client.get(
            reverse("media_library_public:detail", args=[asset.video_id]), follow=True
        ).content.decode()
        featured = render_featured()
    assert ">0:03</time>" in index and ".000" not in index
    assert duration in page
    assert f">{shot}</button>" in page and "00:00.500" not in page
    assert "0:03" in featured
