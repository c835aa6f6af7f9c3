"""An issue's report for the press office: how many received it, bounced, complained or
unsubscribed through it, and (only for issues sent with tracking on) opened and clicked."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from subscriptions.models import Delivery

Status = Delivery.Status

# A delivery counts as received once the ESP reported it delivered, or once its recipient
# complained about it or unsubscribed through it, or opened it (those came later).
RECEIVED = Q(status__in=[Status.DELIVERED, Status.COMPLAINED, Status.UNSUBSCRIBED]) | Q(
    opened_at__isnull=False
)
FIGURES = [
    ("delivered", _("Delivered"), RECEIVED),
    ("bounced", _("Bounces"), Q(status=Status.BOUNCED)),
    ("complained", _("Complaints (marked as spam)"), Q(status=Status.COMPLAINED)),
    ("unsubscribed", _("Unsubscribes"), Q(status=Status.UNSUBSCRIBED)),
]
TRACKED_FIGURES = [
    ("opened", _("Opens (people who opened it)"), Q(opened_at__isnull=False)),
    ("clicked", _("Clicks (people who clicked a link)"), Q(clicked_at__isnull=False)),
]


def summary(issue, sending):
    """[(key, label, count, share of the recipients in %)] and the number of recipients."""
    tracked = sending is not None and sending.tracked
    figures = FIGURES + (TRACKED_FIGURES if tracked else [])
    counts = Delivery.objects.filter(issue=issue).aggregate(
        recipients=Count("pk"),
        **{key: Count("pk", filter=condition) for key, _label, condition in figures},
    )
    total = counts["recipients"]
    rows = [
        (key, label, counts[key], 100 * counts[key] / total if total else 0)
        for key, label, _condition in figures
    ]
    return rows, total
