"""The two flows of public downloads, apart from HTTP (the views only translate outcomes into
responses): asking for a clip, and opening a download link.

Each returns one outcome object saying what happened; the rules they apply live in `rules.py`.
"""

from dataclasses import dataclass

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from media_library.models import ProcessingStatus, ReadyNotification, VideoRendition
from media_library.serving import requested_range

from . import rules
from .forms import ClipRequestForm, page_with_selection


@dataclass
class LoginNeeded:
    """Not logged in: log in first, then come back to `back` (None: the page asked from)."""

    back: str | None = None


@dataclass
class Refused:
    """Turned down, with the reason to show and the HTTP status that says it."""

    message: str
    status: int


@dataclass
class Invalid:
    """The request form has errors (shown next to its fields)."""

    form: ClipRequestForm


@dataclass
class Requested:
    """The rendition asked for: new and queued, on its way, or ready."""

    rendition: VideoRendition


def request_clip(user, asset, data, language):
    """A visitor asks for a version of `asset` (the whole video or a range, in a format) with
    the request form's `data`; `language` is the page's (for the "ready" e-mail)."""
    if not user.is_authenticated:
        return LoginNeeded()
    if not rules.can_download(user):
        return Refused(_("Confirm your e-mail address to download videos."), 403)
    form = ClipRequestForm(data, asset=asset, terms_accepted=rules.has_accepted_terms(user))
    if not form.is_valid():
        return Invalid(form)
    if form.cleaned_data.get("accept_terms"):
        rules.accept_terms(user)
    segments = form.cleaned_data["segments"]
    preset = form.cleaned_data["preset"]
    exists = asset.video.find_rendition(preset, segments=segments)
    if exists is None and not rules.allow_new_rendition(user):
        message = _("You have asked for many new clips in the last hour. Please try again later.")
        return Refused(message, 429)
    rendition = asset.get_rendition(preset, segments=segments)
    rules.record_request(user, rendition)
    if form.cleaned_data.get("notify") and not rendition.is_ready:
        ReadyNotification.objects.get_or_create(
            rendition=rendition, user=user, defaults={"asset": asset, "language": language}
        )
    return Requested(rendition)


@dataclass
class LinkExpired:
    """A genuine link past its age: `video_page` (the panel with its selection) when the video
    is still public, to ask again without typing anything."""

    video_page: str | None


@dataclass
class NotFound:
    """An altered link, another account's, a clip not (or no longer) there: the same 404."""


@dataclass
class TermsNeeded:
    """The terms of use must be accepted first, on the panel at `page`."""

    page: str


@dataclass
class Serve:
    """Send `rendition`'s file under `filename`."""

    rendition: VideoRendition
    filename: str


def _public_rendition(rendition_id):
    rendition = VideoRendition.objects.select_related("preset").filter(pk=rendition_id).first()
    if rendition is None or not rules.is_public_video(rendition.video_id):
        return None
    return rendition


def open_download(user, token, method, range_header=""):
    """Someone opens a download link (a GET or a HEAD, with its Range header)."""
    try:
        rendition_id, user_id = rules.read_download_token(token)
    except signing.SignatureExpired:
        rendition = _public_rendition(rules.expired_token_rendition_id(token))
        return LinkExpired(page_with_selection(rendition) if rendition else None)
    except signing.BadSignature:
        return NotFound()
    if not user.is_authenticated:
        # After logging in, the video page with the selection starts the download and says so
        # (the login page itself would stay on screen while the file downloads).
        rendition = _public_rendition(rendition_id)
        return LoginNeeded(page_with_selection(rendition, download=token) if rendition else None)
    if user.pk != user_id or not rules.can_download(user):
        return NotFound()
    rendition = (
        VideoRendition.objects.select_related("preset", "video")
        .filter(pk=rendition_id, status=ProcessingStatus.READY)
        .exclude(file="")
        .first()
    )
    if rendition is None:
        return NotFound()
    asset = rules.public_version(rendition.video_id)
    if asset is None:
        return NotFound()
    if not rules.has_accepted_terms(user):
        return TermsNeeded(page_with_selection(rendition))
    # A download is counted once: when its first byte is asked for (resumed parts are not).
    byte_range = requested_range(range_header, rendition.size or 0)
    if method == "GET" and (byte_range is None or byte_range[0] == 0):
        rules.record_download(user, asset, rendition)
    VideoRendition.objects.filter(pk=rendition.pk).update(last_requested_at=timezone.now())
    return Serve(rendition, rules.download_filename(asset, rendition))
