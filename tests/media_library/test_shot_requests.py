"""Shots as asked, from the request to the file: ticking shots 1 and 3 asks for exactly those
shots (not 00:00 to the end of shot 3), adjacent shots make one range, the same shots asked
twice share one rendition, the file lasts the two shots and its name says which shots, in the
reader's language, and the captions beside it and inside it follow the two shots."""

import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Locale

from media_library import jobs, timecode
from media_library.downloads import rules as downloads
from media_library.models import DownloadRecord, VideoRendition

from .captions import add_cues
from .shots import add_shots
from .test_captions_encoding import bright, captioned, grey_frame, plain_video  # noqa: F401 (fixtures)
from .test_download_panel_feedback import log_in_with_terms, request_url

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
THREE_SHOTS = [("0", "1"), ("1", "2"), ("2", "3")]


@pytest.fixture
def asset(make_asset, small_video, media_root, presets):
    return add_shots(make_asset(small_video, title="Convoy", locale="en"), THREE_SHOTS)


def ask(client, asset, shots, language="en", preset="original", **extra):
    fields = {"preset": preset, "shots": shots, **extra}
    return client.post(request_url(asset, language), fields, **JSON)


def seconds_of(path, stream):
    output = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
         "stream=duration", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return float(output.strip())


def test_shots_1_and_3_ask_for_exactly_those_two_shots(client, asset):
    log_in_with_terms(client)
    answer = ask(client, asset, ["1", "3"])
    assert answer.status_code == 200, answer.content
    rendition = VideoRendition.objects.get(pk=answer.json()["id"])
    assert rendition.segments == [(Decimal("0.000"), Decimal("1.000")), (2, 3)]
    assert rendition.clip_duration == 2.0  # not 3: shot 2 is left out
    assert not rendition.is_full_length
    assert answer.json()["label"].endswith("Original quality, 00:00–00:01 + 00:02–00:03 (0%)")


def test_adjacent_shots_merge_into_one_range(client, asset):
    log_in_with_terms(client)
    answer = ask(client, asset, ["2", "1"])
    rendition = VideoRendition.objects.get(pk=answer.json()["id"])
    assert (rendition.start, rendition.end, rendition.ranges) == (0, 2, [])
    # the same range typed as times is the same clip
    typed = client.post(
        request_url(asset, "en"), {"preset": "original", "start": "0", "end": "00:02"}, **JSON
    )
    assert typed.json()["id"] == rendition.pk


def test_the_same_shots_asked_twice_share_one_rendition(client, asset, settings):
    settings.MEDIA_LIBRARY_NEW_RENDITIONS_PER_HOUR = 1  # asking again costs nothing
    log_in_with_terms(client)
    first = ask(client, asset, ["1", "3"]).json()["id"]
    assert ask(client, asset, ["3", "1"]).json()["id"] == first
    assert VideoRendition.objects.count() == 1
    # the span of the two shots as one time range is another clip (shot 2 included), and
    # over the limit
    span = client.post(
        request_url(asset, "en"), {"preset": "original", "start": "0", "end": "3"}, **JSON
    )
    assert span.status_code == 429


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "A clip can last at most 00:01.5; download the whole video for more."),
        ("fr", "Un extrait dure au plus 00:01,5 ; téléchargez la vidéo entière pour davantage."),
    ],
)
def test_the_length_of_ticked_shots_is_what_they_last_together(
    client, asset, settings, language, message
):
    log_in_with_terms(client)
    settings.MEDIA_LIBRARY_MAX_CLIP_SECONDS = 2  # shots 1 and 3 last 2 s (their span, 3 s)
    assert ask(client, asset, ["1", "3"], language).status_code == 200
    settings.MEDIA_LIBRARY_MAX_CLIP_SECONDS = 1.5
    answer = ask(client, asset, ["1", "3"], language)
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"end": [message]}


@pytest.mark.parametrize("preset", ["original", "mp4-360p-web"])
def test_the_clip_of_shots_1_and_3_lasts_both_shots_with_sound(client, asset, preset):
    log_in_with_terms(client)
    rendition = VideoRendition.objects.get(
        pk=ask(client, asset, ["1", "3"], preset=preset).json()["id"]
    )
    assert jobs.render_rendition(rendition.pk) == "ready"
    rendition.refresh_from_db()
    assert seconds_of(rendition.file.path, "v:0") == pytest.approx(2.0, abs=0.001)
    assert seconds_of(rendition.file.path, "a:0") == pytest.approx(2.0, abs=0.05)


@pytest.mark.parametrize(("language", "name"), [("en", "shots-1-3"), ("fr", "plans-1-3")])
def test_the_file_name_says_which_shots_in_the_readers_language(client, asset, language, name):
    user = log_in_with_terms(client)
    rendition = VideoRendition.objects.get(pk=ask(client, asset, ["1", "3"]).json()["id"])
    jobs.render_rendition(rendition.pk)
    token = downloads.download_token(rendition, user)
    with override(language):
        response = client.get(reverse("media_library_public:download", args=[token]))
    assert response.status_code == 200
    assert f'filename="convoy_original_{name}.mp4"' in response["Content-Disposition"]
    # the press office's statistics and the account's data export know the shots' ranges
    record = DownloadRecord.objects.get()
    assert record.segments == [(0, 1), (2, 3)]
    assert timecode.display_segments(record.segments) == "00:00–00:01 + 00:02–00:03"
    exported = downloads.personal_records(user)
    assert exported["downloads"][0]["ranges"] == [["0", "1"], ["2", "3"]]
    assert exported["clip_requests"][0]["ranges"] == [["0", "1"], ["2", "3"]]


# --- captions follow the shots -----------------------------------------------------------------
# `captioned`: 3 s, French cues 0.4–1.4 "ÉTÉ À GENÈVE ÇA VA" and 2.6–2.9 "Fin", English
# subtitles with the same times. Shots 1 and 3 (0–1, 2–3): the first cue is trimmed at the cut
# (0.4–1.0), the last moves back by the second left out (1.6–1.9).


@pytest.fixture
def captioned_shots(captioned, presets):  # noqa: F811 (the fixture imported above)
    return add_shots(captioned, THREE_SHOTS)


def shots_rendition(client, asset, preset):
    """Shots 1 and 3 of `asset` in `preset`, asked for by a journalist on `client`, made."""
    user = log_in_with_terms(client)
    answer = ask(client, asset, ["1", "3"], "fr", preset=preset.slug)
    assert answer.status_code == 200, answer.content
    rendition = VideoRendition.objects.get(pk=answer.json()["id"])
    assert jobs.render_rendition(rendition.pk) == "ready"
    rendition.refresh_from_db()
    return rendition, user


def test_the_caption_files_beside_a_shots_clip_are_cut_and_re_timed(
    client, captioned_shots, presets
):
    rendition, user = shots_rendition(client, captioned_shots, presets["original"])
    token = downloads.download_token(rendition, user)
    with override("fr"):
        url = reverse("media_library_public:clip_captions", args=[token, "fr", "srt"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode() == (
        "1\n00:00:00,400 --> 00:00:01,000\nÉTÉ À GENÈVE ÇA VA\n\n"
        "2\n00:00:01,600 --> 00:00:01,900\nFin\n"
    )
    assert response["Content-Disposition"].endswith('_fr_captions_plans-1-3.srt"')


def test_a_shots_clip_carries_its_subtitle_streams_re_timed(client, captioned_shots):
    from media_library.models import DownloadPreset

    preset = DownloadPreset.objects.create(
        slug="mp4-subtitles", name_fr="Sous-titres", name_en="Subtitles", container="mp4",
        video_codec="libx264", crf=23, audio_codec="aac", audio_bitrate=96,
        subtitle_streams=True,
    )  # fmt: skip
    rendition, _user = shots_rendition(client, captioned_shots, preset)
    english = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", rendition.file.path, "-map", "0:s:1", "-f", "srt", "-"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    assert english == (
        "1\n00:00:00,400 --> 00:00:01,000\nSUMMER\n\n2\n00:00:01,600 --> 00:00:01,900\nEnd\n\n"
    )


def test_a_shots_clip_burns_in_the_cues_where_the_joined_shots_show_them(client, captioned_shots):
    from media_library.models import DownloadPreset

    preset = DownloadPreset.objects.create(
        slug="mp4-burned-fr", name_fr="Incrustés", name_en="Burned in", container="mp4",
        video_codec="libx264", crf=23, audio_codec="aac", audio_bitrate=96,
        burn_in_language="fr",
    )  # fmt: skip
    rendition, _user = shots_rendition(client, captioned_shots, preset)
    path = rendition.file.path
    assert bright(grey_frame(path, 0.7), range(180)) > 50  # 0.7 s of the video: first cue
    assert bright(grey_frame(path, 1.2), range(180)) == 0  # 2.2 s: no cue
    assert bright(grey_frame(path, 1.75), range(180)) > 10  # 2.75 s: "Fin" (3 letters)


def test_editing_captions_makes_the_renditions_carrying_them_again(captioned_shots, presets):
    from media_library.models import DownloadPreset, ProcessingStatus

    streams = DownloadPreset.objects.create(
        slug="mp4-subtitles", name_fr="Sous-titres", name_en="Subtitles", container="mp4",
        video_codec="libx264", crf=23, audio_codec="aac", subtitle_streams=True,
    )  # fmt: skip
    video = captioned_shots.video
    carrying = video.get_rendition(streams)
    plain = video.get_rendition(presets["mp4-360p-web"])
    for rendition in (carrying, plain):
        assert jobs.render_rendition(rendition.pk) == "ready"
    on_its_way = video.get_rendition(streams, 1, 2)
    VideoRendition.objects.filter(pk=on_its_way.pk).update(
        status=ProcessingStatus.PROCESSING, job_id="the-old-job"
    )

    add_cues(captioned_shots, [("0.400", "1.400", "ÉTÉ À GENÈVE")])  # a cue edited
    captioned_shots.save_revision().publish()

    carrying.refresh_from_db()
    plain.refresh_from_db()
    assert carrying.status == ProcessingStatus.STALE  # no longer downloadable
    assert plain.status == ProcessingStatus.READY  # carries no captions
    assert jobs.rerender_stale_renditions() == 1  # the scheduler makes it again
    on_its_way.refresh_from_db()
    # being made with the old captions: made again by a new job (the old one cannot publish)
    assert on_its_way.status == ProcessingStatus.WAITING and on_its_way.job_id != "the-old-job"

    # publishing again without a change of captions changes nothing
    assert jobs.render_rendition(carrying.pk) == "ready"
    captioned_shots.title = "Another title"
    captioned_shots.save_revision().publish()
    carrying.refresh_from_db()
    assert carrying.status == ProcessingStatus.READY


def test_publishing_a_translation_of_the_captions_makes_them_again(
    captioned_shots, django_capture_on_commit_callbacks
):
    from media_library.models import DownloadPreset, ProcessingStatus
    from portal.demo.translation import translate

    burned = DownloadPreset.objects.create(
        slug="mp4-burned-en", name_fr="Incrustés", name_en="Burned in", container="mp4",
        video_codec="libx264", crf=23, audio_codec="aac", burn_in_language="en",
    )  # fmt: skip
    rendition = captioned_shots.video.get_rendition(burned)
    assert jobs.render_rendition(rendition.pk) == "ready"
    english = captioned_shots.get_translation(Locale.objects.get(language_code="en"))
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes then
        translate(captioned_shots, english.locale, {"ÉTÉ À GENÈVE ÇA VA": "SUMMER IN GENEVA"})
    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.STALE
