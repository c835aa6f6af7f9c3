"""Anymail's tracking webhooks (mounted at /anymail/, authenticated by ANYMAIL's
WEBHOOK_SECRET and the ESP's own signature) update the delivery records through Anymail's
`tracking` signal. A hard bounce or a complaint suppresses the subscriber.

Anymail itself accepts unauthenticated events when WEBHOOK_SECRET is unset (it only warns):
here every webhook answers 403 until it is set (`secret_required`), whatever EMAIL_BACKEND
says, and `check --deploy` fails while an ESP is configured without it (checks.py).
"""

import functools
import logging

from anymail.signals import EventType, tracking
from anymail.utils import get_anymail_setting
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from subscriptions.models import Consent, Delivery, Subscriber

from . import open_tracking, sending, service

logger = logging.getLogger(__name__)

STATUS_OF_EVENT = {
    EventType.QUEUED: Delivery.Status.SENT,
    EventType.SENT: Delivery.Status.SENT,
    EventType.DEFERRED: Delivery.Status.DEFERRED,
    EventType.DELIVERED: Delivery.Status.DELIVERED,
    EventType.REJECTED: Delivery.Status.REJECTED,
    EventType.BOUNCED: Delivery.Status.BOUNCED,
    EventType.COMPLAINED: Delivery.Status.COMPLAINED,
    EventType.UNSUBSCRIBED: Delivery.Status.UNSUBSCRIBED,
}
# Events arrive in any order: a late "delivered" must not hide a bounce or a complaint.
RANK = {
    Delivery.Status.QUEUED: 0,
    Delivery.Status.CLAIMED: 0,
    Delivery.Status.UNCONFIRMED: 1,
    Delivery.Status.SENT: 2,
    Delivery.Status.DEFERRED: 3,
    Delivery.Status.DELIVERED: 4,
    Delivery.Status.REJECTED: 5,
    Delivery.Status.BOUNCED: 5,
    Delivery.Status.UNSUBSCRIBED: 6,
    Delivery.Status.COMPLAINED: 7,
}
SUPPRESSING_REJECTIONS = {"bounced", "spam"}


def secret_is_set():
    """True when Anymail checks the webhooks' HTTP basic auth (ANYMAIL's WEBHOOK_SECRET)."""
    return bool(get_anymail_setting("webhook_secret", default=None))


def secret_required(view):
    """A webhook view that refuses everything (403) while no WEBHOOK_SECRET authenticates it."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not secret_is_set():
            raise PermissionDenied("Webhooks are off: ANYMAIL_WEBHOOK_SECRET is not set.")
        return view(request, *args, **kwargs)

    return guarded


@receiver(tracking, dispatch_uid="newsletter-tracking")
def on_tracking_event(sender, event, esp_name, **kwargs):
    recipient = (event.recipient or "").strip().lower()
    if not recipient:
        return
    status = STATUS_OF_EVENT.get(event.event_type)
    delivery = find_delivery(event, recipient)
    open_tracking.record(event, delivery)
    if delivery is not None and status is not None:
        if RANK.get(status, 0) >= RANK.get(delivery.status, 0):
            Delivery.objects.filter(pk=delivery.pk).update(status=status)
            if delivery.status == Delivery.Status.UNCONFIRMED:
                sending.settle(delivery.issue_id)  # the ESP had it after all
    if event.event_type in (EventType.BOUNCED, EventType.COMPLAINED) or (
        event.event_type == EventType.REJECTED and event.reject_reason in SUPPRESSING_REJECTIONS
    ):
        service.suppress(recipient, event.event_type)
    elif event.event_type == EventType.UNSUBSCRIBED:
        subscriber = Subscriber.objects.filter(email__iexact=recipient).first()
        if subscriber is not None:
            service.unsubscribe(subscriber, Consent.Source.WEBHOOK)


def find_delivery(event, recipient):
    """By the delivery id Anymail carried in the metadata, checked against the recipient; or
    by the ESP's message id and the recipient."""
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    deliveries = Delivery.objects.filter(email=recipient)
    delivery_id = str(metadata.get("delivery", ""))
    if delivery_id.isdigit():
        found = deliveries.filter(pk=int(delivery_id)).first()
        if found is not None:
            return found
    if event.message_id:
        return deliveries.filter(message_id=event.message_id).first()
    return None
