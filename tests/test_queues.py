"""Jobs go through real Redis to a real rqworker process; the dashboard is for superusers."""

import django_rq
import pytest
from django.urls import reverse

from portal.models import WorkerHeartbeat


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_beats_for_each_of_its_queues(run_worker, client):
    """The heartbeat comes from the worker process itself (portal/worker.py), not from a job
    that would wait in the queue behind the others."""
    assert WorkerHeartbeat.objects.count() == 0

    result = run_worker("media", "default", "mail")

    assert set(WorkerHeartbeat.objects.values_list("queue", flat=True)) == {
        "default",
        "media",
        "mail",
    }, result.stderr
    health = client.get("/healthz").json()
    assert health["database"] is True and health["redis"] is True
    assert all(health["workers"][queue]["alive"] for queue in ("default", "media", "mail"))


def test_queues_use_the_configured_redis():
    from django.conf import settings

    connection = django_rq.get_connection("media")
    assert connection.ping()
    assert settings.RQ_QUEUES["media"]["URL"].startswith(settings.REDIS_URL + "?")
    assert connection.connection_pool.connection_kwargs["socket_connect_timeout"] == 3


@pytest.mark.django_db
def test_queue_dashboard_is_for_superusers_only(client, django_user_model):
    url = reverse("django_rq:home")
    assert client.get(url).status_code == 302  # anonymous: to the log-in page

    editor = django_user_model.objects.create_user(
        email="editor@example.org", password="x", is_staff=True
    )
    client.force_login(editor)
    assert client.get(url).status_code == 302

    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert b"media" in response.content and b"mail" in response.content
