"""Small admin views: retry failed work, request a rendition, report progress, and let editors
fetch a rendition (renditions are never served straight from MEDIA_URL)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin import messages
from wagtail.permissions import policy_registry

from media_library.downloads import rules as downloads
from media_library.models import (
    DownloadPreset,
    ProcessingStatus,
    VideoAsset,
    VideoFile,
    VideoRendition,
)
from media_library.serving import serve_rendition


def _check_can_change(request, video):
    policy = policy_registry.get_by_type(VideoAsset)
    assets = video.assets.all()
    if not any(policy.user_has_permission_for_instance(request.user, "change", a) for a in assets):
        raise PermissionDenied


def _visible_videos(user):
    policy = policy_registry.get_by_type(VideoAsset)
    visible = policy.instances_user_has_any_permission_for(user, ["change", "view"])
    return visible.values("video_id")


def _back(request, video):
    asset = video.assets.order_by("pk").first()
    fallback = asset.snippet_viewset.get_url_name("edit") if asset else None
    target = request.POST.get("next") or request.META.get("HTTP_REFERER")
    if target and target.startswith("/"):
        return redirect(target)
    return redirect(fallback, asset.pk) if asset else redirect("wagtailadmin_home")


@require_POST
def retry_video(request, pk):
    video = get_object_or_404(VideoFile, pk=pk)
    _check_can_change(request, video)
    if video.retry():
        messages.success(request, _("Processing of the video will start again."))
    return _back(request, video)


@require_POST
def retry_rendition(request, pk):
    rendition = get_object_or_404(VideoRendition.objects.select_related("video"), pk=pk)
    _check_can_change(request, rendition.video)
    if rendition.retry():
        messages.success(request, _("The rendition will be made again."))
    return _back(request, rendition.video)


@require_POST
def request_rendition(request, pk, preset_pk):
    video = get_object_or_404(VideoFile, pk=pk)
    _check_can_change(request, video)
    preset = get_object_or_404(DownloadPreset, pk=preset_pk, enabled=True)
    video.get_rendition(preset)
    messages.success(request, _("The rendition has been requested."))
    return _back(request, video)


# The video list's poster column (media_library/admin/poster_cell.html) shows this size.
POSTER_THUMBNAIL = "fill-96x54"


def status(request):
    """Progress of the given videos and renditions, and each video's poster thumbnail once
    the worker has taken it, for the admin pages to refresh."""
    videos = [int(pk) for pk in request.GET.getlist("video") if pk.isdigit()][:200]
    renditions = [int(pk) for pk in request.GET.getlist("rendition") if pk.isdigit()][:200]
    visible_videos = _visible_videos(request.user)
    payload = {"video": {}, "rendition": {}}
    for video in (
        VideoFile.objects.filter(pk__in=videos)
        .filter(pk__in=visible_videos)
        .select_related("poster")
    ):
        payload["video"][video.pk] = {
            "label": video.status_label(),
            "pending": video.is_pending,
            "poster": video.poster.get_rendition(POSTER_THUMBNAIL).url if video.poster else None,
        }
    for rendition in VideoRendition.objects.filter(pk__in=renditions, video_id__in=visible_videos):
        payload["rendition"][rendition.pk] = {
            "label": rendition.status_label(),
            "pending": rendition.is_pending,
        }
    return JsonResponse(payload)


@require_safe
def rendition_file(request, pk):
    """A ready rendition, for editors who may see one of the video's language versions."""
    rendition = get_object_or_404(
        VideoRendition.objects.select_related("preset", "video"),
        pk=pk,
        video_id__in=_visible_videos(request.user),
        status=ProcessingStatus.READY,
    )
    if not rendition.file:
        raise Http404("No file")
    asset = rendition.video.assets.order_by("pk").first()
    return serve_rendition(request, rendition, downloads.download_filename(asset, rendition))
