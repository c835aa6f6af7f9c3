"""Editing in the admin: the shot list in timecodes, collections and permissions, the chooser,
download presets, and deleting a video."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission

from media_library import timecode
from media_library.models import DownloadPreset, ProcessingStatus, VideoAsset, VideoFile

from .captions import NO_CUES
from .topic_links import NO_TOPICS


def edit_data(asset, shots, action="action-publish"):
    data = {
        "title": asset.title,
        "description": "",
        "credits": "",
        "collection": str(asset.collection_id),
        "shots-TOTAL_FORMS": str(len(shots)),
        "shots-INITIAL_FORMS": "0",
        "shots-MIN_NUM_FORMS": "0",
        "shots-MAX_NUM_FORMS": "1000",
        **NO_TOPICS,
        **NO_CUES,
        action: "1",
    }
    for number, (start, end, text) in enumerate(shots):
        data.update(
            {
                f"shots-{number}-start": start,
                f"shots-{number}-end": end,
                f"shots-{number}-description": text,
                f"shots-{number}-ORDER": str(number + 1),
                f"shots-{number}-DELETE": "",
                f"shots-{number}-id": "",
            }
        )
    return data


@pytest.mark.django_db
def test_the_shot_list_is_entered_and_shown_as_timecodes(make_asset, small_video, admin_client):
    asset = make_asset(small_video, live=False)
    url = reverse("wagtailsnippets_media_library_videoasset:edit", args=[asset.pk])

    response = admin_client.post(
        url, edit_data(asset, [("00:00.500", "00:01.250", "Wide"), ("1.25", "00:03", "Close")])
    )

    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.live
    shots = [
        (timecode.format(shot.start), timecode.format(shot.end), shot.description)
        for shot in asset.shots.all()
    ]
    assert shots == [
        ("00:00.500", "00:01.250", "Wide"),
        ("00:01.250", "00:03.000", "Close"),
    ]
    page = admin_client.get(url).content.decode()
    assert 'value="00:00.500"' in page and 'value="00:03.000"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("00:02.000", "00:01.000", "Le point de sortie doit suivre le point d’entrée."),
        ("00:01.000", "00:04.000", "Le point de sortie est après la fin de la vidéo (00:03.000)."),
        ("00:01.000", "1:75", "Saisissez un temps sous la forme mm:ss.fff"),
    ],
)
def test_impossible_shots_are_form_errors(
    make_asset, small_video, admin_client, start, end, message
):
    asset = make_asset(small_video, live=False)
    url = reverse("wagtailsnippets_media_library_videoasset:edit", args=[asset.pk])

    response = admin_client.post(url, edit_data(asset, [(start, end, "Shot")]))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not asset.shots.exists()


@pytest.fixture
def newsroom_editor(roots, django_user_model):
    """An editor allowed to add, edit and choose videos in the 'Newsroom' collection only."""
    root = Collection.get_first_root_node()
    newsroom = root.add_child(name="Newsroom")
    root.add_child(name="Archives")
    group = Group.objects.create(name="Video editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_videoasset", "change_videoasset", "choose_videoasset"):
        GroupCollectionPermission.objects.create(
            group=group, collection=newsroom, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(email="newsroom@example.org", password="x")
    user.groups.add(group)
    return user, newsroom


@pytest.mark.django_db
def test_editors_see_and_change_only_the_videos_of_their_collections(
    make_asset, small_video, newsroom_editor, client
):
    user, newsroom = newsroom_editor
    ours = make_asset(small_video, title="Newsroom clip")
    ours.collection = newsroom
    ours.save()
    theirs = make_asset(small_video, title="Archive reel")
    theirs.collection = Collection.objects.get(name="Archives")
    theirs.save()
    client.force_login(user)

    listing = client.get(reverse("wagtailsnippets_media_library_videoasset:list")).content.decode()
    assert "Newsroom clip" in listing and "Archive reel" not in listing
    assert (
        client.get(
            reverse("wagtailsnippets_media_library_videoasset:edit", args=[ours.pk])
        ).status_code
        == 200
    )
    assert client.get(
        reverse("wagtailsnippets_media_library_videoasset:edit", args=[theirs.pk])
    ).status_code in {
        302,
        403,
    }
    form = client.get(
        reverse("wagtailsnippets_media_library_videoasset:add") + "?locale=fr"
    ).content.decode()
    assert 'name="collection"' not in form  # only one collection allowed: no choice to make


@pytest.mark.django_db
def test_the_chooser_lists_videos_for_press_releases(make_asset, small_video, admin_client):
    make_asset(small_video, title="Harbour at dawn")
    chooser = reverse("wagtailsnippetchoosers_media_library_videoasset:choose")

    response = admin_client.get(chooser, HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert response.status_code == 200
    assert "Harbour at dawn" in response.json()["html"]


@pytest.mark.django_db
def test_editing_a_preset_in_the_admin_marks_its_renditions_stale(
    make_asset, small_video, admin_client, presets
):
    asset = make_asset(small_video)
    preset = presets["mp4-360p-web"]
    rendition = asset.get_rendition(preset)
    type(rendition).objects.filter(pk=rendition.pk).update(status=ProcessingStatus.READY)
    url = reverse("download_presets:edit", args=[preset.pk])
    page = admin_client.get(url)
    assert page.status_code == 200

    fields = ["name_fr", "name_en", "slug", "sort_order", *DownloadPreset.ENCODING_FIELDS]
    data = {name: "" if getattr(preset, name) is None else getattr(preset, name) for name in fields}
    data.pop("audio_only")  # an unticked box is absent from a form post
    data.update({"height": "240", "pregenerate": "on", "enabled": "on"})
    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert DownloadPreset.objects.get(pk=preset.pk).height == 240
    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.STALE


@pytest.mark.django_db(transaction=True)
def test_deleting_the_last_language_version_deletes_the_files(make_asset, small_video, media_root):
    asset = make_asset(small_video)
    path = asset.video.file.path

    asset.delete()

    assert not VideoFile.objects.exists() and not VideoAsset.objects.exists()
    import os

    assert not os.path.exists(path)


def test_a_file_in_object_storage_is_read_through_a_local_copy(small_video):
    from django.core.files import File
    from django.core.files.storage import InMemoryStorage
    from django.db.models.fields.files import FieldFile

    from media_library.encoding import probe, workspace

    storage = InMemoryStorage()
    with open(small_video, "rb") as handle:
        name = storage.save("originals/clip.mp4", File(handle))
    field = VideoFile._meta.get_field("file")
    stored = FieldFile(VideoFile(), field, name)
    stored.storage = storage

    with workspace.folder("test") as work, workspace.local_copy(stored, work) as path:
        assert path != name and probe.probe(path).width == 320
