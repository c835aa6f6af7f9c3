"""The video chooser (a press release's video block) honours per-collection "choose"
permissions, as Wagtail's image chooser does."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHOOSE = "wagtailsnippetchoosers_media_library_videoasset:choose"
CHOSEN = "wagtailsnippetchoosers_media_library_videoasset:chosen"


@pytest.fixture
def two_collections(roots, make_asset, small_video, media_root):
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    videos = {}
    for name in ("Conférences", "Terrain"):
        collection = root.add_child(name=name)
        asset = make_asset(small_video, title=f"Vidéo {name}")
        asset.collection = collection
        asset.save()
        videos[name] = asset
    return videos


def collection_editor(django_user_model, client, collection, codenames):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupCollectionPermission

    group = Group.objects.create(name="Terrain editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="media_library", codename=codename
            ),
        )
    user = django_user_model.objects.create_user(email="terrain@example.org", password="x")
    user.groups.add(group)
    client.force_login(user)
    return client


def test_editor_limited_to_one_collection_chooses_only_its_videos(
    two_collections, django_user_model, client
):
    terrain = two_collections["Terrain"]
    editor = collection_editor(django_user_model, client, terrain.collection, ["choose_videoasset"])
    listing = editor.get(reverse(CHOOSE), {"locale": "fr"}).json()["html"]
    assert "Vidéo Terrain" in listing
    assert "Vidéo Conférences" not in listing
    other = two_collections["Conférences"]
    assert editor.get(reverse(CHOSEN, args=[other.pk]), follow=True).status_code == 404
    assert editor.get(reverse(CHOSEN, args=[terrain.pk])).json()["result"]["id"] == str(terrain.pk)


def test_editing_rights_alone_do_not_make_videos_choosable(
    two_collections, django_user_model, client
):
    terrain = two_collections["Terrain"]
    editor = collection_editor(django_user_model, client, terrain.collection, ["change_videoasset"])
    listing = editor.get(reverse(CHOOSE), {"locale": "fr"}).json()["html"]
    assert "Vidéo Terrain" not in listing and "Vidéo Conférences" not in listing


def test_superusers_choose_from_every_collection(two_collections, admin_client):
    listing = admin_client.get(reverse(CHOOSE), {"locale": "fr"}).json()["html"]
    assert "Vidéo Terrain" in listing and "Vidéo Conférences" in listing
