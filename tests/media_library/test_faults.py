"""Faults: a worker killed with SIGKILL mid-encode, Redis down at upload, simultaneous requests,
and work given up after repeated losses. Real Redis, real rqworker processes, real ffmpeg."""

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rq import Queue

from media_library import jobs
from media_library.models import (
    DownloadPreset,
    ProcessingStatus,
    VideoAsset,
    VideoFile,
    VideoRendition,
)
from media_library.worker import HEARTBEAT_EVERY, MAX_ATTEMPTS, get_queue

from ..processes import descendants, running, start_worker, wait_for
from .videos import ffprobe_streams, make_video


@pytest.fixture
def slow_preset(presets):
    """An HEVC encode: slow enough on a small machine to be caught in the middle."""
    return DownloadPreset.objects.create(
        slug="hevc-test",
        name_fr="HEVC",
        name_en="HEVC",
        container="mp4",
        video_codec="libx265",
        crf=28,
        audio_codec="aac",
        audio_bitrate=96,
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_encode_leaves_no_ready_rendition_and_the_work_resumes(
    make_asset, slow_preset, tmp_path, run_worker, media_root, settings, monkeypatch
):
    """And its work folder (issue 11, finding 8) goes when the next job starts on the machine."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("MEDIA_WORK_DIR", str(work))  # the workers' (worker_environment)
    settings.MEDIA_LIBRARY_WORK_DIR = str(work)
    source = make_video(tmp_path / "long.mp4", seconds=20, size="1280x720")
    asset = make_asset(source)
    rendition = asset.get_rendition(slow_preset)
    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.QUEUED
    first_job = rendition.job_id

    log = open(tmp_path / "worker.log", "w")
    worker = start_worker(log, "media")
    try:
        wait_for(
            lambda: VideoRendition.objects.filter(
                pk=rendition.pk, status=ProcessingStatus.PROCESSING, progress__gt=0
            ).exists()
        )
        children = descendants(worker.pid)
        encoders = [
            pid for pid in children if b"ffmpeg" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert encoders, "ffmpeg should be encoding"
        for pid in [worker.pid, *(pid for pid in children if pid not in encoders)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        # ffmpeg dies with its worker (parent-death signal): no orphan encode keeps running
        wait_for(lambda: not any(running(pid) for pid in encoders), timeout=30)
        worker.wait(timeout=10)
    except AssertionError:
        log.flush()
        raise AssertionError((tmp_path / "worker.log").read_text()[-3000:]) from None
    finally:
        if worker.poll() is None:
            worker.kill()
        log.close()

    killed = VideoRendition.objects.get(pk=rendition.pk)
    assert killed.status == ProcessingStatus.PROCESSING and 0 < killed.progress < 100
    assert not killed.file and not VideoRendition.objects.filter(status="ready").exists()
    assert len(list(work.glob("media-render-*"))) == 1  # what the killed job left

    # The periodic job takes it back once the worker has been silent long enough.
    settings.MEDIA_LIBRARY_ABANDONED_AFTER = 1
    time.sleep(HEARTBEAT_EVERY + 1)
    assert (
        jobs.requeue_stale_work()["requeued"] == 2
    )  # the rendition, and the never-queued poster work
    requeued = VideoRendition.objects.get(pk=rendition.pk)
    assert requeued.status == ProcessingStatus.QUEUED and requeued.job_id != first_job

    run_worker("media", timeout=300)

    done = VideoRendition.objects.get(pk=rendition.pk)
    assert done.status == ProcessingStatus.READY, done.error
    assert list(work.glob("media-*")) == []  # the periodic pass removed the dead job's folder
    duration = float(ffprobe_streams(done.file.path)["format"]["duration"])
    assert duration == pytest.approx(20, abs=0.1)
    assert done.size == os.path.getsize(done.file.path)


@pytest.mark.django_db
def test_work_lost_too_many_times_is_failed_with_a_reason(make_asset, small_video, presets):
    asset = make_asset(small_video)
    rendition = asset.get_rendition(presets["mp3"])
    VideoRendition.objects.filter(pk=rendition.pk).update(
        status=ProcessingStatus.PROCESSING,
        attempts=MAX_ATTEMPTS,
        job_id="videorendition-gone",
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )

    assert jobs.requeue_stale_work()["failed"] == 1

    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.FAILED
    assert "3" in rendition.error


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_upload_while_redis_is_down_waits_and_is_processed_when_redis_returns(
    upload, small_video, monkeypatch, run_worker, presets, media_root, admin_client
):
    closed_port = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)
    monkeypatch.setattr(
        "media_library.worker.get_queue", lambda: Queue("media", connection=closed_port)
    )

    response = upload(small_video, title="Storm warning")

    assert response.status_code == 302
    video = VideoFile.objects.get()
    assert video.status == ProcessingStatus.WAITING
    listing = admin_client.get(
        reverse("wagtailsnippets_media_library_videoasset:list")
    ).content.decode()
    assert "En attente de traitement" in listing

    monkeypatch.undo()  # Redis is back
    assert jobs.requeue_stale_work()["requeued"] == 1
    run_worker("media")

    video.refresh_from_db()
    assert video.status == ProcessingStatus.READY and video.poster is not None


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_create_one_rendition_and_enqueue_one_job(
    make_asset, small_video, presets, monkeypatch
):
    asset = make_asset(small_video)
    preset = presets["mp4-720p"]
    enqueued = []
    monkeypatch.setattr("media_library.worker.enqueue", lambda model, pk: enqueued.append(pk))
    start = threading.Barrier(8)

    def request(_):
        try:
            video = VideoFile.objects.get(pk=asset.video_id)
            start.wait()
            return video.get_rendition(preset, start=1, end=2).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(request, range(8)))

    assert len(set(results)) == 1
    assert VideoRendition.objects.count() == 1
    assert enqueued == [results[0]]


@pytest.mark.django_db
def test_language_versions_share_the_file_and_the_renditions(
    make_asset, small_video, presets, roots, django_capture_on_commit_callbacks
):
    from portal.demo.translation import translate

    asset = make_asset(small_video, title="Le port à l’aube")
    asset.shots.create(start=0, end=1, description="Vue générale du port")
    asset.save()
    french = asset.get_rendition(presets["mp4-720p"])

    with django_capture_on_commit_callbacks(execute=True):
        english = translate(
            asset,
            roots["en"],
            {"Le port à l’aube": "The harbour at dawn", "Vue générale du port": "Harbour view"},
        )

    assert english.pk != asset.pk and english.title == "The harbour at dawn"
    assert english.video_id == asset.video_id
    assert [shot.description for shot in english.shots.all()] == ["Harbour view"]
    assert english.get_rendition(presets["mp4-720p"]).pk == french.pk
    # publishing the translation requested the pre-generated presets: for the same file
    assert VideoRendition.objects.filter(preset=presets["mp4-720p"]).count() == 1
    assert set(VideoRendition.objects.values_list("video", flat=True)) == {asset.video_id}
    assert VideoFile.objects.count() == 1
    assert VideoAsset.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # django-rq defers enqueueing to the commit
def test_a_job_that_ends_without_doing_its_work_is_retried_then_failed(
    make_asset, small_video, presets
):
    from rq.job import Job, JobStatus

    asset = make_asset(small_video)
    rendition = asset.get_rendition(presets["mp3"])
    for attempt in range(1, MAX_ATTEMPTS + 1):
        rendition.refresh_from_db()
        assert rendition.status == ProcessingStatus.QUEUED
        job = Job.fetch(rendition.job_id, connection=get_queue().connection)
        job.set_status(JobStatus.FAILED)  # e.g. the job could not even be loaded

        outcome = jobs.requeue_stale_work()

        rendition.refresh_from_db()
        assert rendition.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert outcome["requeued"] >= 1 and rendition.status == ProcessingStatus.QUEUED
    assert rendition.status == ProcessingStatus.FAILED and rendition.error
