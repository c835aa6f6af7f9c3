"""A press release embeds a video of the media library; a draft video never shows."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_asset(news_site, tmp_path, settings):
    from django.core.files import File

    from media_library.encoding import probe
    from media_library.models import VideoAsset, VideoFile
    from tests.media_library.videos import make_video

    settings.MEDIA_ROOT = tmp_path / "media"
    source = make_video(tmp_path / "clip.mp4", seconds=1, size="160x90")

    def make(title, *, live=True):
        video = VideoFile(original_filename=source.name, **probe.probe(source).as_fields())
        with open(source, "rb") as handle:
            video.file.save(source.name, File(handle), save=False)
        video.save()
        return VideoAsset.objects.create(
            title=title, video=video, locale=news_site["locales"]["fr"], live=live
        )

    return make


def test_a_release_shows_its_published_video_but_never_a_draft_one(
    client, make_release, make_asset
):
    published = make_asset("Conférence de presse filmée")
    draft = make_asset("Vidéo pas encore publiée", live=False)
    release = make_release(
        body=[
            ("video", {"video": published, "caption": "La conférence en entier"}),
            ("video", {"video": draft, "caption": ""}),
        ]
    )
    html = client.get(release.url).content.decode()
    assert "Conférence de presse filmée" in html
    assert "La conférence en entier" in html
    assert "Vidéo pas encore publiée" not in html
