"""ffmpeg and ffprobe are there and work: a two-second clip is made and probed."""

import ffmpeg
from django.conf import settings


def test_ffmpeg_makes_and_ffprobe_measures_a_two_second_clip(tmp_path):
    clip = tmp_path / "clip.mp4"
    video = ffmpeg.input("testsrc2=size=320x240:rate=25", f="lavfi", t=2)
    audio = ffmpeg.input("sine=frequency=440:sample_rate=48000", f="lavfi", t=2)
    (
        ffmpeg.output(video, audio, str(clip), vcodec="libx264", acodec="aac", pix_fmt="yuv420p")
        .overwrite_output()
        .run(cmd=settings.FFMPEG_BINARY, quiet=True)
    )
    probe = ffmpeg.probe(str(clip), cmd=settings.FFPROBE_BINARY)
    kinds = {stream["codec_type"] for stream in probe["streams"]}
    assert kinds == {"video", "audio"}
    assert abs(float(probe["format"]["duration"]) - 2.0) < 0.1
    video_stream = next(s for s in probe["streams"] if s["codec_type"] == "video")
    assert (video_stream["width"], video_stream["height"]) == (320, 240)
