"""Captions in rendered files: MP4 renditions carry each language as a mov_text subtitle stream
cut and re-timed to the clip, and the burned-in preset draws the chosen language's captions on
the picture: text pixels on a decoded frame where a cue is shown, none where there is none."""

import json
import subprocess
from decimal import Decimal

import pytest

from media_library import jobs
from media_library.models import DownloadPreset, ProcessingStatus, VideoRendition
from portal.demo.translation import translate

from .captions import add_cues

pytestmark = pytest.mark.django_db

WIDTH, HEIGHT = 320, 180


@pytest.fixture
def plain_video(video_dir):
    """3 s of an even dark blue picture (no pattern to mistake for text) and a tone."""
    path = video_dir / "plain.mp4"
    if not path.exists():
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y",
             "-f", "lavfi", "-i", f"color=c=0x203060:size={WIDTH}x{HEIGHT}:rate=25:duration=3",
             "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3",
             "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
             "-c:a", "aac", "-shortest", str(path)],
            check=True,
        )  # fmt: skip
    return path


@pytest.fixture
def captioned(make_asset, plain_video, media_root, roots, django_capture_on_commit_callbacks):
    french = add_cues(
        make_asset(plain_video, title="Été"),
        [("0.400", "1.400", "ÉTÉ À GENÈVE ÇA VA"), ("2.600", "2.900", "Fin")],
    )
    french.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        translate(
            french, roots["en"], {"Été": "Summer", "ÉTÉ À GENÈVE ÇA VA": "SUMMER", "Fin": "End"}
        )
    return french


def render(asset, start, end, **preset_fields):
    preset = DownloadPreset.objects.create(
        slug=f"test-{len(preset_fields)}-{start}",
        name_fr="Test",
        name_en="Test",
        container="mp4",
        video_codec="libx264",
        crf=23,
        audio_codec="aac",
        audio_bitrate=96,
        **preset_fields,
    )
    rendition = VideoRendition.objects.create(
        video=asset.video, preset=preset, start=start, end=end, status=ProcessingStatus.WAITING
    )
    assert jobs.render_rendition(rendition.pk) == "ready"
    rendition.refresh_from_db()
    return rendition.file.path


def grey_frame(path, at):
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-ss", str(at), "-i", str(path), "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    assert len(raw) == WIDTH * HEIGHT
    return raw


def bright(frame, rows):
    """Pixels near white (text) in the given rows; the background is a dark grey (~50)."""
    return sum(1 for y in rows for x in range(WIDTH) if frame[y * WIDTH + x] > 200)


def test_the_burned_in_preset_draws_the_chosen_language_where_a_cue_is_shown(captioned):
    path = render(captioned, Decimal("0"), Decimal("3"), burn_in_language="fr")

    with_cue = grey_frame(path, 0.9)
    lower, upper = range(HEIGHT * 2 // 3, HEIGHT), range(0, HEIGHT // 2)
    assert bright(with_cue, lower) > 50  # the cue's letters, at the bottom
    assert bright(with_cue, upper) == 0  # and nowhere else
    assert bright(grey_frame(path, 2.0), range(HEIGHT)) == 0  # no cue at 2 s: no text


def test_a_clip_burns_in_the_cues_re_timed_to_its_start(captioned):
    path = render(captioned, Decimal("1.000"), Decimal("3.000"), burn_in_language="fr")
    assert bright(grey_frame(path, 0.2), range(HEIGHT)) > 50  # 1.2 s of the video
    assert bright(grey_frame(path, 0.8), range(HEIGHT)) == 0  # 1.8 s: the cue ended at 1.4


def test_mp4_renditions_carry_each_language_as_a_subtitle_stream_cut_to_the_clip(captioned):
    path = render(captioned, Decimal("1.000"), Decimal("3.000"), subtitle_streams=True)

    streams = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
            capture_output=True,
            check=True,
        ).stdout  # fmt: skip
    )["streams"]
    subtitles = [s for s in streams if s["codec_type"] == "subtitle"]
    assert [(s["codec_name"], s["tags"]["language"]) for s in subtitles] == [
        ("mov_text", "fra"),
        ("mov_text", "eng"),
    ]
    english = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:s:1", "-f", "srt", "-"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    assert english.split("\n\n")[0].strip() == "1\n00:00:00,000 --> 00:00:00,400\nSUMMER"
    assert "00:00:01,600 --> 00:00:01,900\nEnd" in english
