"""ffprobe decides what is a video; ffmpeg only reads local files; presets become arguments."""

import pytest

from media_library.encoding import probe, runner

from .videos import make_bad_files, make_video


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory, small_video):
    folder = tmp_path_factory.mktemp("bad")
    faststart = make_video(folder / "faststart.mov", seconds=3)
    cut_faststart = folder / "cut.mov"
    cut_faststart.write_bytes(faststart.read_bytes()[: faststart.stat().st_size // 3])
    return {**make_bad_files(folder, small_video), "truncated_index_first": cut_faststart}


def test_probe_reads_the_metadata_editors_see(small_video):
    metadata = probe.probe(small_video)
    assert float(metadata.duration) == pytest.approx(3, abs=0.1)
    assert (metadata.width, metadata.height) == (320, 180)
    assert metadata.frame_rate == 25
    assert metadata.video_codec == "h264" and metadata.audio_codec == "aac"
    assert metadata.audio_sample_rate == 48000
    assert metadata.size == small_video.stat().st_size


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("empty", "empty"),
        ("not_video", "not_video"),
        ("truncated", "truncated"),
        ("truncated_index_first", "truncated"),
        ("no_video_stream", "no_video_stream"),
    ],
)
def test_probe_refuses_what_is_not_a_whole_video(bad_files, case, code):
    with pytest.raises(probe.InvalidVideo) as refused:
        probe.probe(bad_files[case])
    assert refused.value.code == code
    assert str(refused.value.message)


def test_ffmpeg_never_fetches_what_a_playlist_points_to(tmp_path):
    playlist = tmp_path / "remote.m3u8"
    playlist.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/secret.ts\n"
        "#EXT-X-ENDLIST\n"
    )
    with pytest.raises(probe.InvalidVideo):
        probe.probe(playlist)


def test_time_limit_grows_with_the_duration_up_to_a_bounded_maximum(settings):
    assert runner.time_limit(3600, 4) > runner.time_limit(60, 4) >= 120
    settings.MEDIA_LIBRARY_MAX_JOB_SECONDS = 3 * 3600
    assert runner.time_limit(36000, 8) == 3 * 3600
