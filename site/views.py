import mimetypes
import os

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.utils import timezone
from django.utils._os import safe_join
from django_rq import get_connection

from media_library.models import PROTECTED_MEDIA_DIRS
from media_library.serving import ranged_file_response

from .models import WorkerHeartbeat

HEARTBEAT_FRESH_SECONDS = 180


def health(request):
    """For load balancers and monitoring: database, Redis and workers, as JSON; 503 naming
    what fails ("failing": ["redis"]) when the database or Redis does not answer. Workers'
    heartbeats are read from the database (portal/worker.py), so they show during an outage."""
    report = {"database": _database_answers(), "redis": _redis_answers(), "workers": {}}
    now = timezone.now()
    for beat in WorkerHeartbeat.objects.all():
        age = (now - beat.last_seen).total_seconds()
        report["workers"][beat.queue] = {
            "last_seen": beat.last_seen.isoformat(),
            "alive": age < HEARTBEAT_FRESH_SECONDS,
        }
    report["failing"] = [name for name in ("database", "redis") if not report[name]]
    if not settings.REDIS_URL:  # one machine without Redis: the in-process queue
        report["failing"] = [name for name in report["failing"] if name != "redis"]
    return JsonResponse(report, status=503 if report["failing"] else 200)


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


def media_file(request, path):
    """Development only (DEBUG): uploaded and generated files (images, posters, thumbnail
    strips), with HTTP Range. Never video originals or renditions: those go through the media
    library's gated player and signed download views. In production the web server or object
    storage serves MEDIA_URL, with the same exclusions (README)."""
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except SuspiciousFileOperation:  # a path leaving MEDIA_ROOT
        raise Http404("No such file") from None
    relative = os.path.relpath(full_path, os.path.abspath(settings.MEDIA_ROOT)).replace(os.sep, "/")
    if relative.startswith(PROTECTED_MEDIA_DIRS) or not os.path.isfile(full_path):
        raise Http404("No such file")
    content_type = mimetypes.guess_type(full_path)[0] or "application/octet-stream"
    return ranged_file_response(
        request, full_path, os.path.basename(full_path), content_type, as_attachment=False
    )


def favicon(request):
    """/favicon.ico, which browsers ask for on every site: the portal's SVG icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
