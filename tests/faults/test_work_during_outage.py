"""Finding 1, the work asked for during an outage: "a clip requested during the outage: 500 and
no row". Clips and wagtail-localize jobs asked for while Redis is stopped are recorded in the
database, answered normally, and done once when Redis is back, without restarting anything.

Real processes against the test's own Redis: gunicorn, a media worker, a default worker and the
scheduler (whose reconcile pass hands the recorded work over)."""

import pytest
import requests
from allauth.account.models import EmailAddress
from wagtail.models import Locale

from media_library.downloads import rules
from media_library.encoding import probe
from media_library.models import VideoAsset, VideoFile, VideoRendition
from media_library.worker import ProcessingStatus
from news.models import NewsIndexPage, PressReleasePage
from resilience.models import OutboxEntry
from tests.media_library.conftest import presets  # noqa: F401  (fixture)
from tests.media_library.videos import make_video
from tests.news.sections import make_french_news_section

from .conftest import log_of, wait_for
from .test_redis_outage import CSRF, form_post

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"


@pytest.fixture
def video(home_pages, presets, settings, tmp_path):  # noqa: F811
    from django.core.files import File

    path = make_video(tmp_path / "outage.mp4", seconds=4)
    original = VideoFile(original_filename=path.name, **probe.probe(path).as_fields())
    with open(path, "rb") as handle:
        original.file.save(path.name, File(handle), save=False)
    original.save()
    french = Locale.objects.get(language_code="fr")
    return VideoAsset.objects.create(title="Panne", video=original, locale=french, live=True)


@pytest.fixture
def news_section(home_pages):
    return make_french_news_section(home_pages["fr"])


def log_in(base, path, data):
    session = requests.Session()
    answer = form_post(session, path, data, base)
    assert answer.status_code == 302, answer.text[-2000:]
    return session


def test_clips_and_translations_asked_during_an_outage_are_done_once_redis_is_back(
    own_redis, processes, video, news_section, django_user_model
):
    journalist = django_user_model.objects.create_user(email="j@example.org", password=PASSWORD)
    EmailAddress.objects.create(
        user=journalist, email=journalist.email, verified=True, primary=True
    )
    rules.accept_terms(journalist)
    django_user_model.objects.create_superuser(email="chief@example.org", password=PASSWORD)

    web = processes.web()
    base = web.url
    reporter = log_in(base, "/en/accounts/login/", {"login": "j@example.org", "password": PASSWORD})
    editor = log_in(base, "/admin/login/", {"username": "chief@example.org", "password": PASSWORD})
    workers = [
        processes.manage("worker-media", "rqworker", "media"),
        processes.manage("worker-default", "rqworker", "default"),
    ]
    scheduler = processes.manage("scheduler", "run_scheduler")
    wait_for(lambda: "Reconcile pass" in log_of(scheduler), message=log_of(scheduler))
    # The video is processed by these workers (the reconcile pass hands it over) before the outage.
    wait_for(
        lambda: VideoFile.objects.get(pk=video.video_id).status == ProcessingStatus.READY,
        timeout=180,
        message=log_of(workers[0]) + log_of(scheduler),
    )

    own_redis.stop()

    # A journalist asks for a clip: answered, recorded, waiting for Redis.
    page = f"/en/videos/{video.video_id}/"  # a video file's page (not its version's pk)
    token = CSRF.search(reporter.get(base + page, timeout=20).text).group(1)
    asked = reporter.post(
        base + f"/en/videos/{video.video_id}/download/",
        data={"csrfmiddlewaretoken": token, "preset": "mp4-720p", "start": "1", "end": "3"},
        headers={"Accept": "application/json", "Referer": base + page},
        timeout=20,
    )
    assert asked.status_code == 200, (asked.status_code, log_of(web))
    clip = VideoRendition.objects.get(pk=asked.json()["id"])
    assert clip.status == ProcessingStatus.WAITING

    # An editor translates the news section with its releases: the section at once, the
    # releases as a wagtail-localize job kept in the outbox.
    english = Locale.objects.get(language_code="en")
    translated = form_post(
        editor,
        f"/admin/localize/submit/page/{news_section.pk}/",
        {"locales": [english.pk], "include_subtree": "on"},
        base,
    )
    assert translated.status_code == 302, (translated.status_code, log_of(web))
    assert NewsIndexPage.objects.filter(locale=english).exists()
    assert OutboxEntry.objects.filter(handed_over_at__isnull=True, queue="default").exists()
    assert not PressReleasePage.objects.filter(locale=english).exists()

    own_redis.start()

    # Without a restart: both are done, once.
    def all_done():
        clip.refresh_from_db()
        return (
            clip.status == ProcessingStatus.READY
            and PressReleasePage.objects.filter(locale=english).count() == 2
        )

    wait_for(all_done, timeout=240, message="".join(log_of(p) for p in [scheduler, *workers]))
    assert all(worker.poll() is None for worker in workers) and scheduler.poll() is None
    assert clip.file and clip.attempts == 1
    assert not OutboxEntry.objects.filter(handed_over_at__isnull=True).exists()
    assert PressReleasePage.objects.filter(locale=english).count() == 2
