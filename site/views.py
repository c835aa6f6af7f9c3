from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django_rq import get_connection

from .models import WorkerHeartbeat

HEARTBEAT_FRESH_SECONDS = 180


def health(request):
    """For load balancers and monitoring: database, Redis and workers, as JSON."""
    report = {"database": _database_answers(), "redis": _redis_answers(), "workers": {}}
    now = timezone.now()
    for beat in WorkerHeartbeat.objects.all():
        age = (now - beat.last_seen).total_seconds()
        report["workers"][beat.queue] = {
            "last_seen": beat.last_seen.isoformat(),
            "alive": age < HEARTBEAT_FRESH_SECONDS,
        }
    healthy = report["database"] and (report["redis"] or not settings.REDIS_URL)
    return JsonResponse(report, status=200 if healthy else 503)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _redis_answers():
    try:
        return bool(get_connection("default").ping())
    except Exception:
        return False
