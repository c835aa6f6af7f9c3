"""How long until allauth's rate limits (ACCOUNT_RATE_LIMITS) allow an action again.

allauth only says yes or no; people asking for a new code are told how long to wait. This reads
the same cache entries allauth writes (its list of recent hit times per rate and key).
"""

import math
import time

from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

APP = "allauth.account"


def wait_seconds(request, action, key=None):
    """Seconds (rounded up) before `action` for `key` and this client is allowed again; 0 now."""
    now = time.time()
    wait = 0.0
    for rate in get_rates(app=APP, action=action):
        if rate.per == "user":
            continue
        cache_key = get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        recent = [hit for hit in cache.get(cache_key, []) if hit > now - rate.duration]
        if len(recent) >= rate.amount:
            # Newest first: a slot frees up when the amount-th most recent hit expires.
            wait = max(wait, recent[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)


def describe_wait(seconds):
    """'45 seconds', '2 minutes': the wait, in words a person reads at a glance."""
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def wait_message(seconds):
    return _("Too many requests. Please try again in %(wait)s.") % {"wait": describe_wait(seconds)}


def resend_wait_message(seconds):
    return _("Please wait %(wait)s before asking for a new code.") % {
        "wait": describe_wait(seconds)
    }
