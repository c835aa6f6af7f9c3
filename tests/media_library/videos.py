"""Tiny test videos made by ffmpeg's lavfi sources (testsrc2 pictures, sine sound)."""

import subprocess
from pathlib import Path


def make_video(path, *, seconds=3, size="320x180", rate=25, audio=True, codec="libx264"):
    path = Path(path)
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi"]
    command += ["-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    command += ["-c:v", codec, "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", str(rate)]
    if audio:
        command += ["-c:a", "aac", "-shortest"]
    command.append(str(path))
    subprocess.run(command, check=True)
    return path


def make_audio(path, seconds=2):
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=duration={seconds}", str(path)],
        check=True,
    )
    return path


def ffprobe_streams(path):
    import json

    output = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    return json.loads(output)


def make_bad_files(folder, good_video):
    """One file per way an upload can fail to be a video, keyed by InvalidVideo's code."""
    folder = Path(folder)
    empty = folder / "empty.mp4"
    empty.write_bytes(b"")
    text = folder / "notes.mp4"
    text.write_text("These are not moving pictures.\n" * 20)
    truncated = folder / "truncated.mp4"
    truncated.write_bytes(good_video.read_bytes()[: good_video.stat().st_size // 2])
    return {
        "empty": empty,
        "not_video": text,
        "truncated": truncated,
        "no_video_stream": make_audio(folder / "sound.mp3"),
    }
