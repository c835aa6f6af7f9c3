"""The rules of public downloads, kept out of the views.

- which videos the public may see (`public_assets`, `get_public_asset`): published, not
  embargoed, not expired; anything else is a 404 even with a guessed URL;
- who may download (`can_download`), the one rule every screen asks (the download views, the
  panel, the account page): an active account with a verified e-mail address, staff included,
  by default through allauth's `EmailAddress`; `MEDIA_LIBRARY_CAN_DOWNLOAD` may name another
  callable;
- the portal's terms of use, accepted once per account, at sign-up or on the download panel
  (`has_accepted_terms`, `accept_terms`): one `TermsAcceptance` row;
- the clips each user asked for, kept in the database so that the video page shows the same
  clip on any device (`record_request`, `latest_request`), and whose renditions a user may
  follow (`has_asked_for`): rendition ids are sequential, so a user only learns the state (and
  gets a link) of the clips they asked for;
- signed, expiring download links (`download_token`, `read_download_token`) made with Django's
  `TimestampSigner`;
- the file name a download is saved under (`download_filename`);
- recording each download for the press office's statistics (`record_download`);
- what an account's export of its personal data holds from here (`personal_records`).
"""

from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import pgettext
from wagtail.models import Locale

from media_library.downloads.shots import shots_making
from media_library.models import (
    ClipRequest,
    DownloadRecord,
    ReadyNotification,
    TermsAcceptance,
    VideoAsset,
)

TOKEN_SALT = "media_library.download"  # noqa: S105 (a namespace, not a secret)


def public_assets(locale=None):
    """Published videos whose embargo (go-live time) has passed and that have not expired."""
    assets = VideoAsset.objects.public()
    if locale is not None:
        assets = assets.filter(locale=locale)
    return assets


def public_version(video_id):
    """The public version of the video file `video_id` in the active language (else another
    public one, the oldest first), or None."""
    active = Locale.get_active()
    assets = public_assets().filter(video_id=video_id)
    assets = assets.select_related("video", "locale", "poster", "video__poster")
    return assets.filter(locale=active).first() or assets.order_by("pk").first()


def get_public_asset(video_id):
    """`public_version`, or Http404 when none is public (for views)."""
    asset = public_version(video_id)
    if asset is None:
        raise Http404("No such video")
    return asset


def is_public_video(video_id):
    return public_assets().filter(video_id=video_id).exists()


def public_versions(video_id):
    """{asset id: language code} of the public versions of the video file `video_id`."""
    versions = public_assets().filter(video_id=video_id)
    return dict(versions.values_list("pk", "locale__language_code"))


def can_download(user):
    """Downloading needs an active account whose e-mail address is verified (staff too: the
    address is what a download link and the statistics stand for)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if settings.MEDIA_LIBRARY_CAN_DOWNLOAD:
        return bool(import_string(settings.MEDIA_LIBRARY_CAN_DOWNLOAD)(user))
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def has_accepted_terms(user):
    return user.is_authenticated and TermsAcceptance.objects.filter(user=user).exists()


def accept_terms(user):
    """Record the acceptance once (sign-up, or the download panel); the first date is kept."""
    try:
        with transaction.atomic():
            TermsAcceptance.objects.get_or_create(user=user)
    except IntegrityError:  # accepted at the same moment in another tab
        pass


def record_request(user, rendition):
    """`user` asked for `rendition` now (one row per user and rendition, its time updated)."""
    ClipRequest.objects.bulk_create(
        [ClipRequest(user=user, rendition=rendition, requested_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "rendition"],
        update_fields=["requested_at"],
    )


def latest_request(user, video):
    """The rendition of the video file `video` that `user` asked for last, or None."""
    if not user.is_authenticated:
        return None
    request = (
        ClipRequest.objects.filter(user=user, rendition__video=video)
        .select_related("rendition__preset")
        .order_by("-requested_at", "-pk")
        .first()
    )
    return request.rendition if request else None


def has_asked_for(user, rendition):
    """Whether `user` asked for `rendition` (only they may follow it)."""
    if not user.is_authenticated:
        return False
    return ClipRequest.objects.filter(user=user, rendition=rendition).exists()


def allow_new_rendition(user):
    """At most MEDIA_LIBRARY_NEW_RENDITIONS_PER_HOUR new renditions per account and hour: each
    new range costs a worker's time. Asking again for an existing one is always free."""
    limit = settings.MEDIA_LIBRARY_NEW_RENDITIONS_PER_HOUR
    key = f"media_library:new-renditions:{user.pk}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        return True


def download_token(rendition, user):
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    return signer.sign_object({"r": rendition.pk, "u": user.pk})


def read_download_token(token, max_age=None):
    """(rendition id, user id); raises signing.SignatureExpired or signing.BadSignature."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    max_age = max_age if max_age is not None else settings.MEDIA_LIBRARY_LINK_MAX_AGE
    data = signer.unsign_object(token, max_age=max_age)
    return int(data["r"]), int(data["u"])


def expired_token_rendition_id(token):
    """The rendition an expired (but genuine) link was for, to send the user back to it."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        return int(signer.unsign_object(token)["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def seconds_label(value):
    """Decimal('12.500') -> '12.5', Decimal('30.000') -> '30'."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def clip_label(asset, rendition):
    """What part of the video a file holds, for its name: `12.5-30` (a range); for a clip of
    shots that are not adjacent, their numbers in the shot list in the active language,
    `shots-1-3` (`plans-1-3` in French), or else its ranges, `0-8+16-24`."""
    if not rendition.ranges:
        return f"{seconds_label(rendition.start)}-{seconds_label(rendition.end)}"
    numbers = shots_making(list(asset.shots.all()), rendition.segments)
    if numbers:
        # Translators: in a clip's file name, before the numbers of its shots: "shots-1-3".
        return "-".join([slugify(pgettext("file name", "shots")), *numbers])
    return "+".join(f"{seconds_label(a)}-{seconds_label(b)}" for a, b in rendition.segments)


def download_filename(asset, rendition):
    """`<video-slug>_<preset>_<clip_label>.<ext>`, e.g. `flood-relief_mp4-720p_12.5-30.mp4`,
    `flood-relief_mp4-720p_shots-1-3.mp4`."""
    slug = slugify(asset.title)[:80] or "video"
    extension = rendition.preset.extension_for(rendition.video)
    return f"{slug}_{rendition.preset.slug}_{clip_label(asset, rendition)}.{extension}"


def record_download(user, asset, rendition):
    return DownloadRecord.objects.create(
        user=user,
        asset=asset,
        rendition=rendition,
        video_title=asset.title,
        preset_slug=rendition.preset.slug,
        start=rendition.start,
        end=rendition.end,
        ranges=rendition.ranges,
        full_length=rendition.is_full_length,
    )


def _joined_ranges(clip):
    """{"ranges": [[start, end], ...]} for a clip joining several ranges (shots), else {}."""
    if not clip.ranges:
        return {}
    return {"ranges": [[seconds_label(a), seconds_label(b)] for a, b in clip.segments]}


def personal_records(user):
    """What this app keeps about `user`, for the export of their personal data (JSON-ready)."""
    acceptance = TermsAcceptance.objects.filter(user=user).first()
    requests = (
        ClipRequest.objects.filter(user=user)
        .select_related("rendition__preset")
        .order_by("-requested_at")
    )
    notified = set(
        ReadyNotification.objects.filter(user=user).values_list("rendition_id", flat=True)
    )
    return {
        "terms_of_use": {"accepted_at": acceptance.accepted_at} if acceptance else None,
        "downloads": [
            {
                "video": record.video_title,
                "format": record.preset_slug,
                "start": seconds_label(record.start),
                "end": seconds_label(record.end),
                **_joined_ranges(record),
                "full_length": record.full_length,
                "downloaded_at": record.downloaded_at,
            }
            for record in DownloadRecord.objects.filter(user=user).order_by("-downloaded_at")
        ],
        "clip_requests": [
            {
                "video": _video_title(request.rendition),
                "format": request.rendition.preset.slug,
                "start": seconds_label(request.rendition.start),
                "end": seconds_label(request.rendition.end),
                **_joined_ranges(request.rendition),
                "requested_at": request.requested_at,
                "email_when_ready": request.rendition_id in notified,
            }
            for request in requests
        ],
    }


def _video_title(rendition):
    asset = VideoAsset.objects.filter(video_id=rendition.video_id).order_by("pk").first()
    return asset.title if asset else ""
