"""Signed, expiring links for subscribers (django.core.signing): no log-in, nothing stored.

A token names the subscriber, their current `token_key` (a new key invalidates every old link),
what the link is for, and, in a newsletter, the delivery it came with. It expires: confirmation
links quickly, the links of a newsletter (preferences, unsubscribe) after a long time, since a
reader may unsubscribe from an old issue.
"""

from django.conf import settings
from django.core import signing

SALT = "subscriptions.newsletter.tokens"
CONFIRM = "c"
MANAGE = "m"


def max_age(purpose):
    if purpose == CONFIRM:
        return settings.NEWSLETTER_CONFIRM_MAX_AGE
    return settings.NEWSLETTER_LINK_MAX_AGE


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
    """Returns (subscriber id, token key, delivery id or None); raises InvalidToken. Whether that
    subscriber still exists with that key is for the caller to check (service.py)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age(purpose))
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature too
        raise InvalidToken(str(error)) from None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise InvalidToken("wrong purpose")
    return payload.get("s"), payload.get("k"), payload.get("d")
