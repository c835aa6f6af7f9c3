"""kill -9 of the job process in the middle of a smart cut: the ffmpeg processes of its thread
pool die with it (parent-death signal), and its work folder is removed afterwards (issue 11,
finding 8; issue 14, "every ffmpeg process dying with its worker"). Real rqworker, real ffmpeg."""

import os
import signal
import subprocess
from pathlib import Path

import pytest

from media_library.encoding import workspace
from media_library.models import ProcessingStatus, VideoRendition

from ..processes import descendants, ffmpeg_processes, running, start_worker, wait_for


def long_gop_video(path):
    """24 s of 1280×720 with one keyframe every 20 s: a cut from 0.52 s re-encodes 19.5 s."""
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
            "-i", "testsrc2=size=1280x720:rate=25:duration=24",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "500", "-pix_fmt", "yuv420p",
            str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


def kill(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_killing_the_job_process_mid_smart_cut_kills_its_ffmpegs_and_its_folder_goes(
    make_asset, presets, tmp_path, media_root, settings, monkeypatch
):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("MEDIA_WORK_DIR", str(work))
    settings.MEDIA_LIBRARY_WORK_DIR = str(work)
    asset = make_asset(long_gop_video(tmp_path / "interview.mp4"))
    rendition = asset.get_rendition(presets["original"], start=0.52, end=22)

    log = open(tmp_path / "worker.log", "w")
    worker = start_worker(log, "media")
    try:
        # the head being encoded by a thread of the smart cut's pool
        encoders = wait_for(
            lambda: [
                pid
                for pid in ffmpeg_processes(descendants(worker.pid))
                if b"libx264" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ],
            timeout=120,
            step=0.05,
        )
        job_process = [pid for pid in descendants(worker.pid) if pid not in ffmpeg_processes([pid])]
        assert job_process, "the worker runs its job in a child process"
        kill(job_process)  # kill -9 of the job process only
        wait_for(lambda: not any(running(pid) for pid in encoders), timeout=30)
        assert list(work.glob("media-render-*")), "the killed job could not clean up"
        assert not ffmpeg_processes(descendants(worker.pid))
    except AssertionError:
        log.flush()
        raise AssertionError((tmp_path / "worker.log").read_text()[-3000:]) from None
    finally:
        kill([worker.pid])
        worker.wait(timeout=30)
        log.close()

    assert VideoRendition.objects.get(pk=rendition.pk).status != ProcessingStatus.READY
    assert workspace.sweep() == 1  # what the periodic pass (or the next job) does
    assert list(work.iterdir()) == []
