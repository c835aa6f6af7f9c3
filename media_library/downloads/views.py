"""Thin views of public downloads: each turns a flow's outcome (flows.py) into a response —
JSON for the panel's script, else a redirect back to the panel with the message — and the
panel's state (`status_payload`)."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from media_library import timecode
from media_library.caption_views import clip_links
from media_library.models import ProcessingStatus, VideoRendition
from media_library.serving import serve_rendition

from . import flows, rules
from .forms import panel_url, selection_from


def login_url(request, next_url=None):
    """The login page, back to `next_url` (by default this page, with its selection)."""
    next_url = next_url or request.get_full_path()
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def version_name(rendition):
    """Which version a status is about: 'MP4 1080p, 00:06–00:24', 'MP4 1080p, whole video'."""
    if rendition.is_full_length:
        # Translators: a download's format and its length, e.g. "MP4 1080p, whole video".
        return _("%(format)s, whole video") % {"format": rendition.preset.name}
    # Translators: a download's format and its range, e.g. "MP4 1080p, 00:06–00:24".
    return _("%(format)s, %(range)s") % {
        "format": rendition.preset.name,
        "range": timecode.display_segments(rendition.segments),
    }


def status_payload(request, rendition):
    """The rendition's state for the panel; `label` and `percent` are the texts the page shows
    next to the bar and in it, made from the same numbers as `progress`. The label names the
    version (format and range), since the form may show another selection."""
    progress = 100 if rendition.is_ready else rendition.progress
    # Translators: a percentage, with the language's spacing ("40%", French "40 %").
    percent = _("%(number)s%%") % {"number": progress}
    # Translators: a version's state, e.g. "Ready — MP4 1080p, 00:06–00:24".
    label = _("%(status)s — %(version)s") % {
        "status": rendition.get_status_display(),
        "version": version_name(rendition),
    }
    if not rendition.is_ready:
        label = _("%(status)s (%(percent)s)") % {"status": label, "percent": percent}
    payload = {
        "id": rendition.pk,
        "status": rendition.status,
        "label": label,
        "percent": percent,
        "progress": progress,
        "ready": rendition.is_ready,
        "failed": rendition.status == ProcessingStatus.FAILED,
        "status_url": reverse("media_library_public:status", args=[rendition.pk]),
        "start": str(rendition.start),
        "end": str(rendition.end),
        "preset": rendition.preset.slug,
    }
    if payload["failed"]:
        payload["error"] = _("This version could not be made. The press office has been told.")
        payload["label"] = payload["error"]
    if rendition.is_ready and rules.has_accepted_terms(request.user):
        token = rules.download_token(rendition, request.user)
        payload["download_url"] = reverse("media_library_public:download", args=[token])
        payload["size"] = rendition.size
        payload["captions"] = clip_links(rendition, token)
    return payload


def json_error(message, status, **extra):
    return JsonResponse({"errors": {"__all__": [str(message)]}, **extra}, status=status)


def back_to_panel(request, asset):
    """The video page's download panel, with the selection the visitor sent."""
    return HttpResponseRedirect(panel_url(asset.video_id, selection_from(request.POST)))


def refuse(request, asset, message, status, wants_json):
    """A request turned down: JSON for the page's script, else the message on the panel."""
    if wants_json:
        return json_error(message, status)
    messages.error(request, message)
    return back_to_panel(request, asset)


@require_POST
def request_download(request, video_id):
    asset = rules.get_public_asset(video_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    outcome = flows.request_clip(request.user, asset, request.POST, get_language())
    if isinstance(outcome, flows.LoginNeeded):
        back = login_url(request, panel_url(asset.video_id, selection_from(request.POST)))
        if wants_json:
            return json_error(_("Log in to download."), 401, login_url=back)
        return HttpResponseRedirect(back)
    if isinstance(outcome, flows.Refused):
        return refuse(request, asset, outcome.message, outcome.status, wants_json)
    if isinstance(outcome, flows.Invalid):
        if wants_json:
            return JsonResponse({"errors": outcome.form.errors_as_messages()}, status=400)
        for messages_of_field in outcome.form.errors_as_messages().values():
            for message in messages_of_field:
                messages.error(request, message)
        return back_to_panel(request, asset)
    payload = status_payload(request, outcome.rendition)
    if wants_json:
        return JsonResponse(payload)
    # Without JavaScript: a file that exists downloads at once (the browser stays on the page);
    # otherwise the page shows the rendition's progress.
    return HttpResponseRedirect(payload.get("download_url") or asset_url(asset) + "#download")


def asset_url(asset):
    return reverse("media_library_public:detail", args=[asset.video_id])


@require_GET
def rendition_status(request, rendition_id):
    if not rules.can_download(request.user):
        return json_error(_("Log in to download."), 401)
    rendition = get_object_or_404(VideoRendition.objects.select_related("preset"), pk=rendition_id)
    if not rules.is_public_video(rendition.video_id):
        raise Http404("No such clip")
    if not rules.has_asked_for(request.user, rendition):
        raise Http404("No such clip")  # only its askers follow a clip (ids are sequential)
    return JsonResponse(status_payload(request, rendition))


@require_safe
def download(request, token):
    outcome = flows.open_download(
        request.user, token, request.method, request.headers.get("Range", "")
    )
    if isinstance(outcome, flows.LinkExpired):
        return render(
            request,
            "media_library/public/link_expired.html",
            {"video_page": outcome.video_page},
            status=410,
        )
    if isinstance(outcome, flows.LoginNeeded):
        return HttpResponseRedirect(login_url(request, outcome.back))
    if isinstance(outcome, flows.TermsNeeded):
        messages.error(request, _("Accept the terms of use before downloading."))
        return HttpResponseRedirect(outcome.page)
    if isinstance(outcome, flows.Serve):
        return serve_rendition(request, outcome.rendition, outcome.filename)
    raise Http404("No such download")
