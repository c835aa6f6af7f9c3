"""Captions in the admin: import an SRT or WebVTT file, type and adjust cues; a bad file or a
bad row is a translated error naming the line (or the row) and loses nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media_library.models import CaptionCue

from .captions import NO_CUES, add_cues, cue_forms
from .topic_links import NO_TOPICS

GOOD_SRT = b"""1
00:00:00,200 --> 00:00:01,400
Bonjour.

2
00:00:01,500 --> 00:00:02,900
[Musique]
Merci.
"""


def form(asset, *, title=None, cues=NO_CUES, **extra):
    return {
        "title": title or asset.title,
        "description": "",
        "credits": "",
        "collection": str(asset.collection_id),
        "shots-TOTAL_FORMS": "0",
        "shots-INITIAL_FORMS": "0",
        "shots-MIN_NUM_FORMS": "0",
        "shots-MAX_NUM_FORMS": "1000",
        **NO_TOPICS,
        **cues,
        "action-publish": "1",
        **extra,
    }


def stored(asset):
    return [(c.start, c.end, c.text) for c in CaptionCue.objects.filter(asset=asset)]


@pytest.fixture
def edit_url():
    return lambda asset: reverse("wagtailsnippets_media_library_videoasset:edit", args=[asset.pk])


@pytest.mark.django_db
def test_an_editor_imports_an_srt_file_and_sees_its_cues_to_adjust(
    make_asset, small_video, admin_client, edit_url
):
    asset = make_asset(small_video, live=False)
    upload = SimpleUploadedFile("fr.srt", GOOD_SRT, content_type="application/x-subrip")

    response = admin_client.post(edit_url(asset), form(asset, captions_file=upload))

    assert response.status_code == 302
    assert stored(asset) == [
        (Decimal("0.200"), Decimal("1.400"), "Bonjour."),
        (Decimal("1.500"), Decimal("2.900"), "[Musique]\nMerci."),
    ]
    page = admin_client.get(edit_url(asset)).content.decode()
    assert 'value="00:01.500"' in page and "[Musique]\nMerci." in page
    assert "Importer un fichier de sous-titres" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "1\n00:00:00,500 --> 00:00:01,000\nÉté\n".encode("latin-1"),
            "Ligne 3 : le fichier n’est pas du texte UTF-8.",
        ),
        (
            b"WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\n00:01.500 --> 00:02.500\nB\n",
            "Ligne 6 : le sous-titre commence à 00:00:01.500, alors que le précédent est encore",
        ),
        (
            b"WEBVTT\n\n00:02.000 --> 00:02.500\nA\n\n00:01.000 --> 00:01.500\nB\n",
            "Ligne 6 : le sous-titre commence à 00:00:01.000, avant le précédent (00:00:02.000)",
        ),
        (
            b"WEBVTT\n\n00:01.000 --> 00:04.000\nA\n",
            "Ligne 3 : le sous-titre finit à 00:00:04.000, après la fin de la vidéo (00:00:03.000)",
        ),
        (b"1\n00:00:01,000 --> 00:00:02,000\n\n", "Ligne 2 : le sous-titre n’a pas de texte."),
        (b"WEBVTT\n\n" + b"x" * (3 * 1024 * 1024), "Le fichier pèse 3073 ko"),
    ],
)
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_lost(
    make_asset, small_video, admin_client, edit_url, data, message
):
    asset = add_cues(make_asset(small_video, live=False), [("0.5", "1.5", "Déjà là")])
    upload = SimpleUploadedFile("bad.srt", data)

    response = admin_client.post(
        edit_url(asset),
        form(asset, title="Nouveau titre", captions_file=upload, cues=cue_forms()),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    asset.refresh_from_db()
    assert asset.title == "Video" and not asset.live
    assert stored(asset) == [(Decimal("0.500"), Decimal("1.500"), "Déjà là")]
    assert 'value="Nouveau titre"' in response.content.decode()  # what was typed is kept


@pytest.mark.django_db
def test_typed_cues_follow_the_same_rules_row_by_row(
    make_asset, small_video, admin_client, edit_url
):
    asset = make_asset(small_video, live=False)
    rows = cue_forms(("00:00.500", "00:01.500", "Un"), ("00:01.000", "00:02", "Deux"))

    response = admin_client.post(edit_url(asset), form(asset, cues=rows))

    assert response.status_code == 200
    assert "Le sous-titre commence à 00:00:01.000, alors que le précédent" in response.text
    assert not stored(asset)

    beyond = cue_forms(("00:00.500", "00:01.500", "Un"), ("00:02", "00:03.5", "Deux"))
    response = admin_client.post(edit_url(asset), form(asset, cues=beyond))
    assert "Le sous-titre finit à 00:00:03.500, après la fin de la vidéo" in response.text

    good = cue_forms(("00:00.500", "00:01.500", "Un"), ("00:01.5", "00:03", "Deux"))
    assert admin_client.post(edit_url(asset), form(asset, cues=good)).status_code == 302
    assert stored(asset) == [
        (Decimal("0.500"), Decimal("1.500"), "Un"),
        (Decimal("1.500"), Decimal("3.000"), "Deux"),
    ]


@pytest.mark.django_db
def test_an_import_saved_as_a_draft_leaves_the_published_captions_until_publication(
    make_asset, small_video, admin_client, edit_url
):
    asset = add_cues(make_asset(small_video, live=True), [("0.5", "1.5", "En ligne")])
    asset.save_revision().publish()
    upload = SimpleUploadedFile("fr.srt", GOOD_SRT)
    data = form(asset, captions_file=upload)
    del data["action-publish"]

    assert admin_client.post(edit_url(asset), data).status_code == 302

    assert stored(asset) == [(Decimal("0.500"), Decimal("1.500"), "En ligne")]
    asset.refresh_from_db()
    draft = asset.get_latest_revision_as_object()
    assert [cue.text for cue in draft.cues.all()] == ["Bonjour.", "[Musique]\nMerci."]
