"""Wagtail admin screens of the portal itself (not of one app)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.auth import permission_denied

from . import job_monitoring

MONITOR_JOBS = "portal.monitor_jobs"


@require_http_methods(["GET", "POST"])
def background_jobs(request):
    """Settings → Background jobs: queues, workers, running and failed jobs; retry a failed job."""
    if not request.user.has_perm(MONITOR_JOBS):
        return permission_denied(request)
    if request.method == "POST":
        queue, job_id = request.POST.get("queue", ""), request.POST.get("job", "")
        try:
            retried = job_monitoring.retry(queue, job_id)
        except job_monitoring.Unavailable:
            retried = None
        if retried:
            messages.success(
                request, _("The job is back in the queue “%(queue)s”.") % {"queue": queue}
            )
        elif retried is None:
            messages.error(request, _("The queues cannot be reached: Redis does not answer."))
        else:
            messages.error(request, _("This job is no longer a failed job: nothing to retry."))
        return redirect("portal_background_jobs")
    try:
        overview, unavailable = job_monitoring.overview(), False
    except job_monitoring.Unavailable:
        overview, unavailable = {}, True
    return TemplateResponse(
        request,
        "portal/admin/background_jobs.html",
        {
            "page_title": _("Background jobs"),
            "header_icon": "cogs",
            "unavailable": unavailable,
            **overview,
        },
    )
