"""Opens and clicks: measured only when the press office turns it on (Settings → Newsletter),
off by default, and said on the newsletter page. An issue keeps the choice made when it was
sent: its messages ask the ESP to track or, explicitly, not to; the webhooks record the first
open and first click of each delivery of a tracked issue, nothing for the others."""

from anymail.signals import EventType
from django.db.models import Q
from django.utils import timezone

from subscriptions.models import Delivery, NewsletterSettings


def is_on():
    return NewsletterSettings.load().track_opens_and_clicks


def apply(message, tracked):
    """Say it either way: an ESP account's own default must not decide for the press office."""
    message.track_opens = tracked
    message.track_clicks = tracked
    return message


def record(event, delivery):
    """A tracked issue's open or click; True when it was recorded."""
    if delivery is None or event.event_type not in (EventType.OPENED, EventType.CLICKED):
        return False
    when = event.timestamp or timezone.now()
    rows = Delivery.objects.filter(pk=delivery.pk, issue__sending__tracked=True)
    rows.filter(opened_at__isnull=True).update(opened_at=when)
    if event.event_type == EventType.CLICKED:
        rows.filter(Q(clicked_at__isnull=True)).update(clicked_at=when)
    return rows.exists()
