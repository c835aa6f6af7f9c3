"""Settings → Background jobs: queues, workers with their heartbeat, running and failed jobs with
retry, in both languages, for the users given the permission; /admin/queues/ leads there."""

import subprocess
import sys
import time

import django_rq
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from rq import Worker

from tests.conftest import ADMIN_PASSWORD, PROJECT_DIR, worker_environment
from tests.job_functions import fail_until_allowed

URL = "/admin/jobs/"


@pytest.fixture
def watcher(client, django_user_model):
    """A staff member given the permission, not a superuser."""
    user = django_user_model.objects.create_user(
        email="ops@example.org", password="x", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="monitor_jobs"),
    )
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_old_queue_address_redirects_once_for_everyone(client, django_user_model):
    staff = django_user_model.objects.create_user(
        email="editor@example.org", password="x", is_staff=True
    )
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    root = django_user_model.objects.create_superuser(
        email="root@example.org", password=ADMIN_PASSWORD
    )

    for user, final in ((staff, "/admin/"), (root, URL)):
        client.force_login(user)
        response = client.get("/admin/queues/", follow=True)
        assert response.status_code == 200
        assert [url for url, _status in response.redirect_chain][-1] == final
        assert len(response.redirect_chain) <= 2
        assert "django-admin" not in response.request["PATH_INFO"]
    assert client.get("/admin/queues/queues/0/").status_code == 302  # old sub-pages too


@pytest.mark.django_db
def test_only_users_with_the_permission_see_the_screen_and_its_menu_item(
    client, watcher, django_user_model
):
    page = watcher.get(URL)
    assert page.status_code == 200
    assert "Tâches en arrière-plan" in page.content.decode()
    assert URL in watcher.get(reverse("wagtailadmin_home")).content.decode()
    english = watcher.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Background jobs" in english and "Failed jobs" in english

    other = django_user_model.objects.create_user(
        email="editor@example.org", password="x", is_staff=True
    )
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    refused = client.get(URL)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.post(URL, {"queue": "default", "job": "x"}).status_code == 302


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_failed_job_is_listed_and_retried_by_a_real_worker(watcher, run_worker, tmp_path):
    flag = tmp_path / "archive-mounted"
    job = django_rq.get_queue("default").enqueue(fail_until_allowed, str(flag))
    run_worker("default")

    page = watcher.get(URL).content.decode()
    failed = page.split("data-failed")[1]
    assert job.id in failed and "RuntimeError: the archive is not mounted yet" in failed

    flag.touch()  # the fault is fixed; the press office retries
    assert watcher.post(URL, {"queue": "default", "job": job.id}).status_code == 302
    assert django_rq.get_queue("default").failed_job_registry.count == 0
    run_worker("default")
    job.refresh()
    assert job.get_status() == "finished" and job.return_value() == "done"
    page = watcher.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert job.id not in page

    again = watcher.post(URL, {"queue": "default", "job": job.id}, follow=True)
    assert "plus une tâche en échec : rien à relancer" in again.content.decode()


@pytest.mark.worker
@pytest.mark.django_db
def test_a_running_worker_is_listed_with_its_heartbeat(watcher):
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "mail", "--name", "test-mail-worker"],
        cwd=PROJECT_DIR,
        env=worker_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        connection = django_rq.get_connection("mail")
        deadline = time.monotonic() + 60
        while not any(w.name == "test-mail-worker" for w in Worker.all(connection=connection)):
            assert time.monotonic() < deadline, "the worker did not register"
            time.sleep(0.3)
        page = watcher.get(URL).content.decode()
        workers = page.split("data-workers")[1].split("</table>")[0]
        assert "test-mail-worker" in workers and "mail" in workers
        assert "il y a" in workers  # the heartbeat's age
    finally:
        worker.terminate()
        worker.wait(timeout=30)
