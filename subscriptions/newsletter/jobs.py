"""Jobs of the `mail` queue: subscription e-mails and sending an issue. Due and stalled
sendings are queued by the scheduler's reconcile pass (portal/reconcile.py, sending.start_due)."""

import logging

from django.core.cache import cache

from subscriptions.models import Subscriber

from . import emails, sending

logger = logging.getLogger(__name__)

# At most this many subscription e-mails to one address per hour: a form cannot be used to
# flood someone's inbox. The visitor sees the same answer either way.
MAILS_PER_ADDRESS_PER_HOUR = 3


def send_subscription_mail(subscriber_id, kind):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return "gone"
    key = f"newsletter:subscription-mails:{subscriber.email}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > MAILS_PER_ADDRESS_PER_HOUR:
        logger.info("Subscription e-mail to subscriber %s skipped: too many", subscriber_id)
        return "throttled"
    emails.subscription_message(subscriber, kind).send()
    return kind


def send_subscription_mails(subscriber_ids, kind):
    """The same e-mail to several subscribers (an import asks hundreds to confirm)."""
    return [send_subscription_mail(subscriber_id, kind) for subscriber_id in subscriber_ids]


def send_issue(issue_id):
    """Send an issue to its recipients; safe to run again after a crash (see sending.py)."""
    return sending.run(issue_id)
