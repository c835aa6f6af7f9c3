"""Jobs go through real Redis to a real rqworker process (admin screen: test_background_jobs.py)."""

import django_rq
import pytest

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
