"""When the set of public videos changes by itself, with no one saving anything.

A video is public when published, its go-live time passed and not expired
(`VideoAssetQuerySet.public`): an embargo ends, or a video expires, at a moment no signal
announces. Parts of pages remembered per generation of the content (resilience/fragments.py) that
list or show videos also name the current *period*: the time the set of public videos next
changes. Once it has passed, the period moves on and those parts are rendered afresh; the period
itself is worked out once per generation and period (one query), not per request.
"""

import math

from django.db.models import Min, Q
from django.utils import timezone

from media_library.models import VideoAsset
from resilience import content_cache

NEVER = math.inf


def current_period():
    """An opaque value that changes when a video's embargo ends or a video expires (nothing
    to work out while nothing is remembered)."""
    if not content_cache.active():
        return None
    period = content_cache.remember("video-public-period", next_change)
    while period <= timezone.now().timestamp():  # passed: the next one, from that moment on
        period = content_cache.remember(f"video-public-period:{period}", next_change)
    return period


def next_change():
    """The next go-live or expiry time of a published video, as a POSIX timestamp (or NEVER)."""
    now = timezone.now()
    found = VideoAsset.objects.filter(live=True).aggregate(
        go_live=Min("go_live_at", filter=Q(go_live_at__gt=now)),
        expiry=Min("expire_at", filter=Q(expire_at__gt=now)),
    )
    times = [moment.timestamp() for moment in found.values() if moment is not None]
    return min(times, default=NEVER)
