"""Signed, expiring links for subscribers (django.core.signing): no log-in, nothing stored.

A token names the subscriber, their current `token_key` (a new key invalidates every old link),
what the link is for, and, in a newsletter, the delivery it came with. It expires: confirmation
links quickly, the links of a newsletter (preferences, unsubscribe) after a long time, since a
reader may unsubscribe from an old issue.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from subscriptions.models import Subscriber

SALT = "subscriptions.newsletter.tokens"
CONFIRM = "c"
MANAGE = "m"


def max_age(purpose):
    if purpose == CONFIRM:
        return getattr(settings, "NEWSLETTER_CONFIRM_MAX_AGE", timedelta(days=3))
    return getattr(settings, "NEWSLETTER_LINK_MAX_AGE", timedelta(days=400))


class InvalidToken(Exception):
    """A link that was altered, has expired, or belongs to a deleted or reset subscriber."""


def make(subscriber, purpose, delivery_id=None):
    return make_raw(subscriber.pk, subscriber.token_key, purpose, delivery_id)


def make_raw(subscriber_id, token_key, purpose, delivery_id=None):
    payload = {"s": subscriber_id, "k": token_key, "p": purpose}
    if delivery_id is not None:
        payload["d"] = delivery_id
    return signing.dumps(payload, salt=SALT, compress=True)


def read(token, purpose):
    """Returns (subscriber, delivery id or None); raises InvalidToken."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age(purpose))
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature too
        raise InvalidToken(str(error)) from None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise InvalidToken("wrong purpose")
    subscriber = Subscriber.objects.filter(pk=payload.get("s"), token_key=payload.get("k")).first()
    if subscriber is None:
        raise InvalidToken("no such subscriber")
    return subscriber, payload.get("d")
