"""Fixtures of the media library tests: generated videos, an editor, presets, uploads."""

import shutil

import pytest

from .captions import NO_CUES
from .topic_links import NO_TOPICS, translated_topic
from .videos import make_video


@pytest.fixture(scope="session")
def video_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("videos")


@pytest.fixture(scope="session")
def small_video(video_dir):
    """3 seconds, 320x180, 25 fps, H.264 + AAC."""
    return make_video(video_dir / "small clip.mp4")


@pytest.fixture
def media_root(settings):
    """An empty media folder for the test (the files a test must not leave behind)."""
    root = settings.MEDIA_ROOT
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def roots(db):
    from portal.demo.home import ensure_locales, ensure_roots

    ensure_roots()
    return ensure_locales()


@pytest.fixture
def editor(roots, django_user_model):
    return django_user_model.objects.create_superuser(
        email="editor@example.org", password="A-long-enough-passw0rd"
    )


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def upload(admin_client, django_capture_on_commit_callbacks):
    """POST a file to the video create view like the admin form does; returns the response."""
    from django.urls import reverse

    def post(path, *, title="A test video", locale="fr", action=None, **fields):
        url = reverse("wagtailsnippets_media_library_videoasset:add") + f"?locale={locale}"
        data = {
            "title": title,
            "description": "",
            "credits": "",
            "shots-TOTAL_FORMS": "0",
            "shots-INITIAL_FORMS": "0",
            "shots-MIN_NUM_FORMS": "0",
            "shots-MAX_NUM_FORMS": "1000",
            **NO_TOPICS,
            **NO_CUES,
            **fields,
        }
        if action:
            data[action] = "1"
        with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
            data["upload"] = handle
            return admin_client.post(url, data)

    return post


@pytest.fixture
def make_asset(roots):
    """A VideoAsset on a probed copy of a file, stored like an upload (no admin involved)."""
    from django.core.files import File

    from media_library.encoding import probe
    from media_library.models import VideoAsset, VideoFile

    def make(path, *, title="Video", live=True, locale="fr"):
        metadata = probe.probe(path)
        video = VideoFile(original_filename=path.name, **metadata.as_fields())
        with open(path, "rb") as handle:
            video.file.save(path.name, File(handle), save=False)
        video.save()
        asset = VideoAsset(title=title, video=video, locale=roots[locale], live=live)
        asset.save()
        return asset

    return make


@pytest.fixture
def presets(db):
    """The default presets (a transactional test's flush removes what migrations seeded)."""
    import importlib

    from django.apps import apps

    from media_library.models import DownloadPreset

    seeding = importlib.import_module("media_library.migrations.0002_default_presets")
    seeding.create_presets(apps, None)
    roles = importlib.import_module("media_library.migrations.0007_player_role_and_terms_date")
    roles.give_player_roles(apps, None)
    return {preset.slug: preset for preset in DownloadPreset.objects.all()}


@pytest.fixture
def make_topic(roots):
    """See `translated_topic`: a topic in French and English."""
    return translated_topic
