"""Public pages of the library: the index, a video's page, and the download endpoints.

Thin views: the rules live in `media_library.downloads.rules` (access, terms, signed links), the
request form in `forms.py`, the byte serving in `serving.py`.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe
from wagtail.models import Locale, ReferenceIndex
from wagtail.search.backends import get_search_backend

from media_library import caption_tracks, player, timecode, topics
from media_library.caption_views import clip_links
from media_library.date_input import LocalDateField
from media_library.downloads import rules as downloads
from media_library.downloads.forms import (
    ClipRequestForm,
    max_clip_seconds,
    page_with_selection,
    panel_url,
    selection_from,
    selection_of,
)
from media_library.models import (
    DownloadPreset,
    ProcessingStatus,
    ReadyNotification,
    VideoAsset,
    VideoRendition,
)
from media_library.serving import requested_range, serve_rendition

PAGE_SIZE = 12


class KnownChoiceOrNone(forms.ModelChoiceField):
    """A filter's choice where a value not offered (a mistyped address, a topic renamed or in
    another language) means no filter rather than an error."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    topic = KnownChoiceOrNone(
        label=gettext_lazy("Topic"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All topics"),
    )
    after = LocalDateField(label=gettext_lazy("From"), required=False)
    before = LocalDateField(label=gettext_lazy("Until"), required=False)

    def __init__(self, *args, locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics.topics_in_locale(locale)


@require_GET
def index(request):
    locale = Locale.get_active()
    assets = (
        downloads.public_assets(locale)
        .select_related("video", "poster", "video__poster")
        .annotate(published=Coalesce("first_published_at", "created_at"))
    )
    form = FilterForm(request.GET or None, locale=locale)
    data = {}
    if form.is_bound:  # each valid filter applies on its own; an invalid one shows its error
        form.is_valid()  # and is ignored: validating keeps only the valid fields' values
        data = form.cleaned_data
    if data.get("topic"):
        assets = topics.assets_with_topic(assets, data["topic"])
    if data.get("after"):
        assets = assets.filter(published__date__gte=data["after"])
    if data.get("before"):
        assets = assets.filter(published__date__lte=data["before"])
    assets = assets.order_by("-published", "-pk")
    query = data.get("q", "").strip()
    if query:
        allowed = set(assets.values_list("pk", flat=True))
        searchable = VideoAsset.objects.filter(locale=locale, live=True)
        found = get_search_backend().search(query, searchable, operator="and")
        assets = [asset for asset in found if asset.pk in allowed]
    page = Paginator(assets, PAGE_SIZE).get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    return render(
        request,
        "media_library/public/index.html",
        {"form": form, "page_obj": page, "query": query, "filters": others.urlencode()},
    )


def related_pages(asset):
    """Live pages in the active language that show this video (Wagtail's reference index)."""
    from wagtail.models import Page

    locale = Locale.get_active()
    versions = asset.get_translations(inclusive=True)
    page_ids = set()
    for version in versions:
        for reference in ReferenceIndex.get_references_to(version):
            if reference.base_content_type.model_class() and issubclass(
                reference.base_content_type.model_class(), Page
            ):
                page_ids.add(int(reference.object_id))
    keys = Page.objects.live().public().filter(pk__in=page_ids).values("translation_key")
    return Page.objects.live().public().filter(translation_key__in=keys, locale=locale).specific()


@require_GET
def detail(request, video_id, slug=None):
    asset = downloads.get_public_asset(video_id)
    if asset.locale_id != Locale.get_active().pk:
        # Not translated (or not public) in this language: the language that has it, with
        # the same selection, rather than its texts under the wrong language; `asked` names
        # the language the visitor came in, for the page to say why it is in another one.
        query = request.GET.copy()
        query["asked"] = get_language()
        path = translate_url(request.path, asset.locale.language_code)
        return HttpResponseRedirect(f"{path}?{query.urlencode()}")
    presets = list(DownloadPreset.objects.filter(enabled=True))
    video = asset.video
    full = {
        r.preset_id: r
        for r in VideoRendition.objects.filter(video=video, start=0, end=video.duration)
    }
    user = request.user
    # The panel's state: the clip of the e-mail's link the user logged in from, else the clip
    # this user asked for last on this video, on any device.
    from_link = clip_of_download_link(request, video)
    rendition = from_link or downloads.latest_request(user, video)
    state = status_payload(request, rendition) if rendition else None
    shots = list(asset.shots.all())
    selection = selection_from(request.GET)
    if rendition is not None and not any(selection.values()):
        selection = selection_of(rendition, shots)
    return render(
        request,
        "media_library/public/detail.html",
        {
            "asset": asset,
            "video": video,
            "shots": shots,
            "topics": topics.topics_of(asset, Locale.get_active()),
            "sources": player.player_sources(asset),
            "presets": [(p, full.get(p.pk), p.size_note(video)) for p in presets],
            "related_pages": related_pages(asset),
            "can_download": downloads.can_download(user),
            "terms_accepted": downloads.has_accepted_terms(user),
            "rendition": rendition,
            "rendition_state": state,
            "download_starting": state.get("download_url") if from_link else None,
            "selection": selection,
            "max_clip": int(max_clip_seconds()),
            "login_url": login_url(request),
            "available_languages": downloads.public_languages(video_id),
            "caption_tracks": caption_tracks.public_tracks(video.pk, with_cues=True),
            "asked_language": asked_language(request),
        },
    )


def asked_language(request):
    """The language a visitor sent here from another language's address came in (`?asked=`
    of the redirect above), if it is another language of the site."""
    asked = request.GET.get("asked", "")
    others = {code for code, name in settings.LANGUAGES} - {get_language()}
    return asked if asked in others else None


def clip_of_download_link(request, video):
    """The ready clip of this video whose download link is in `?download=<token>` (where a user
    logging in from an e-mail's link lands) if the link is this user's: the page starts it."""
    token = request.GET.get("download")
    if not token or not request.user.is_authenticated:
        return None
    try:
        rendition_id, user_id = downloads.read_download_token(token)
    except signing.BadSignature:  # expired too: the download view explains it
        return None
    if user_id != request.user.pk:
        return None
    ready = VideoRendition.objects.select_related("preset")
    return ready.filter(pk=rendition_id, video=video, status=ProcessingStatus.READY).first()


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
        "range": timecode.display_range(rendition.start, rendition.end),
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
    if rendition.is_ready and downloads.has_accepted_terms(request.user):
        token = downloads.download_token(rendition, request.user)
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
    asset = downloads.get_public_asset(video_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        back = login_url(request, panel_url(asset.video_id, selection_from(request.POST)))
        if wants_json:
            return json_error(_("Log in to download."), 401, login_url=back)
        return HttpResponseRedirect(back)
    if not downloads.can_download(request.user):
        message = _("Confirm your e-mail address to download videos.")
        return refuse(request, asset, message, 403, wants_json)
    form = ClipRequestForm(
        request.POST, asset=asset, terms_accepted=downloads.has_accepted_terms(request.user)
    )
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"errors": form.errors_as_messages()}, status=400)
        for messages_of_field in form.errors_as_messages().values():
            for message in messages_of_field:
                messages.error(request, message)
        return back_to_panel(request, asset)
    if form.cleaned_data.get("accept_terms"):
        downloads.accept_terms(request.user)
    start, end = form.cleaned_data["range"]
    preset = form.cleaned_data["preset"]
    exists = VideoRendition.objects.filter(video=asset.video, preset=preset, start=start, end=end)
    if not exists.exists() and not downloads.allow_new_rendition(request.user):
        message = _("You have asked for many new clips in the last hour. Please try again later.")
        return refuse(request, asset, message, 429, wants_json)
    rendition = asset.get_rendition(preset, start, end)
    downloads.record_request(request.user, rendition)
    if form.cleaned_data.get("notify") and not rendition.is_ready:
        ReadyNotification.objects.get_or_create(
            rendition=rendition,
            user=request.user,
            defaults={"asset": asset, "language": get_language()},
        )
    payload = status_payload(request, rendition)
    if wants_json:
        return JsonResponse(payload)
    # Without JavaScript: a file that exists downloads at once (the browser stays on the page);
    # otherwise the page shows the rendition's progress.
    return HttpResponseRedirect(payload.get("download_url") or asset_url(asset) + "#download")


def asset_url(asset):
    return reverse("media_library_public:detail", args=[asset.video_id])


@require_GET
def rendition_status(request, rendition_id):
    if not downloads.can_download(request.user):
        return json_error(_("Log in to download."), 401)
    rendition = get_object_or_404(VideoRendition.objects.select_related("preset"), pk=rendition_id)
    if not downloads.is_public_video(rendition.video_id):
        raise Http404("No such clip")
    if not downloads.has_asked_for(request.user, rendition):
        raise Http404("No such clip")  # only its askers follow a clip (ids are sequential)
    return JsonResponse(status_payload(request, rendition))


@require_safe
def download(request, token):
    try:
        rendition_id, user_id = downloads.read_download_token(token)
    except signing.SignatureExpired:
        rendition = (
            VideoRendition.objects.select_related("preset")
            .filter(pk=downloads.expired_token_rendition_id(token))
            .first()
        )
        video_page = None
        if rendition is not None and downloads.is_public_video(rendition.video_id):
            video_page = page_with_selection(rendition)  # nothing to type again
        return render(
            request,
            "media_library/public/link_expired.html",
            {"video_page": video_page},
            status=410,
        )
    except signing.BadSignature:
        raise Http404("Bad link") from None
    if not request.user.is_authenticated:
        # After logging in, the video page with the selection starts the download and says so
        # (the login page itself would stay on screen while the file downloads).
        rendition = VideoRendition.objects.select_related("preset").filter(pk=rendition_id).first()
        if rendition is None or not downloads.is_public_video(rendition.video_id):
            return HttpResponseRedirect(login_url(request))
        back = page_with_selection(rendition, download=token)
        return HttpResponseRedirect(login_url(request, back))
    if request.user.pk != user_id or not downloads.can_download(request.user):
        raise Http404("Not your link")
    rendition = get_object_or_404(
        VideoRendition.objects.select_related("preset", "video"),
        pk=rendition_id,
        status=ProcessingStatus.READY,
    )
    if not rendition.file:
        raise Http404("No file")
    asset = downloads.get_public_asset(rendition.video_id)
    if not downloads.has_accepted_terms(request.user):
        messages.error(request, _("Accept the terms of use before downloading."))
        return HttpResponseRedirect(page_with_selection(rendition))
    # A download is counted once: when its first byte is asked for (resumed parts are not).
    byte_range = requested_range(request.headers.get("Range", ""), rendition.size or 0)
    starts_at_zero = byte_range is None or byte_range[0] == 0
    if request.method == "GET" and starts_at_zero:
        downloads.record_download(request.user, asset, rendition)
    VideoRendition.objects.filter(pk=rendition.pk).update(last_requested_at=timezone.now())
    return serve_rendition(request, rendition, downloads.download_filename(asset, rendition))


@require_safe
def watch(request, video_id, preset):
    """The player's source: a full-length rendition of a public video, inline, with Range.

    Anyone may watch; unpublished, embargoed or expired videos give 404 like their pages. The
    URL is the same for every visitor and never expires, so cached pages keep working."""
    asset = downloads.get_public_asset(video_id)
    rendition = player.playable_rendition(asset.video, preset)
    if rendition is None:
        raise Http404("No such version")
    filename = downloads.download_filename(asset, rendition)
    response = serve_rendition(request, rendition, filename, as_attachment=False)
    response["Cache-Control"] = "private"
    return response
