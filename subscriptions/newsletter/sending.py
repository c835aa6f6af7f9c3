"""Sending an issue: snapshot the recipients, then hand them to the ESP in batches.

Every recipient exactly once, across crashes:
- the snapshot creates one `Delivery` per (issue, subscriber), unique in the database, in one
  transaction (a retry creates what is missing, never a second row);
- one run at a time holds the sending's *lease* (`Sending.lease_holder`), renewed every
  HEARTBEAT_EVERY seconds by a thread of the worker process, whatever the ESP is doing; a lease
  not renewed for LEASE_EXPIRES seconds belongs to a dead worker. The scheduler's reconcile pass
  (`start_due`, every minute) queues such a sending again, so a killed send resumes by itself
  within LEASE_EXPIRES + one minute;
- a run claims a batch of queued deliveries (status "claimed", committed) before calling the
  ESP, and marks them "sent" after the ESP's answer. Deliveries still "claimed" when a run takes
  the lease were interrupted in the middle of a call: the ESP is asked which of them it accepted
  (reconciliation.py; each message carries its recipients' delivery ids). Accepted: "sent".
  Not accepted: queued again. An ESP that cannot be asked: "unconfirmed", and the sending ends
  as "finished, some recipients unconfirmed", never "sent", until webhooks resolve them or staff
  choose to send them again (`resend_unconfirmed`);
- an ESP that refuses a call's content (HTTP 4xx) has the call narrowed down to the recipient
  responsible, who is marked "rejected"; an ESP that is down (5xx, 429) stops the job with the
  rest of the batch queued again; a call with no answer (time-out) stays claimed, resolved as
  above by the next run.

With an ESP that has batch sending without stored templates (one API call, per-recipient merge
data and headers: Mailgun, SendGrid) one message goes to up to `size` recipients; any other
Anymail backend (console, test, Postmark, SES, Mailjet...) gets one message per recipient over
one connection.
"""

import itertools
import logging
import threading
import time
import uuid

from anymail.exceptions import AnymailError, AnymailInvalidAddress
from anymail.message import AnymailMessage
from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db import connection as database
from django.db.models import Count, Q
from django.utils import timezone

from common.mail import sender
from resilience import outbox
from subscriptions.models import Delivery, NewsletterIssue, Sending, Subscriber

from . import emails, open_tracking, reconciliation, tokens, topics

logger = logging.getLogger(__name__)

# ESP name (Anymail's `esp_name`) -> (merge field syntax, recipients per API call)
BATCH_ESPS = {
    "Mailgun": ("%recipient.{}%", 1000),
    "SendGrid": ("-{}-", 1000),
}
SNAPSHOT_CHUNK = 5000


class AlreadyStarted(Exception):
    """The issue has a sending already (the database's unique constraint said so)."""


def request(issue, user=None, when=None):
    """Start (or schedule) the sending of an issue: once, ever. Raises AlreadyStarted."""
    status = Sending.Status.SCHEDULED if when else Sending.Status.QUEUED
    try:
        with transaction.atomic():
            sending = Sending.objects.create(
                issue=issue, status=status, scheduled_for=when, requested_by=user
            )
            if not when:
                enqueue(issue.pk)  # recorded with the sending, handed to Redis after the commit
    except IntegrityError:
        raise AlreadyStarted(issue.pk) from None
    return sending


def cancel_schedule(issue):
    return Sending.objects.filter(issue=issue, status=Sending.Status.SCHEDULED).delete()[0] > 0


SEND_JOB = "subscriptions.newsletter.jobs.send_issue"


def enqueue(issue_id):
    outbox.enqueue(
        "mail",
        SEND_JOB,
        issue_id,
        job_timeout=settings.NEWSLETTER_JOB_TIMEOUT,
    )


def start_due():
    """Queue the scheduled sendings whose time has come, and again the ones no live worker
    holds (its lease expired: killed, machine lost; at most once per LEASE_EXPIRES). Returns the
    issue ids queued."""
    now = timezone.now()
    queued = []
    due = Sending.objects.filter(status=Sending.Status.SCHEDULED, scheduled_for__lte=now)
    for sending in due:
        if Sending.objects.filter(pk=sending.pk, status=Sending.Status.SCHEDULED).update(
            status=Sending.Status.QUEUED, last_progress_at=now
        ):
            queued.append(sending.issue_id)
    expired = now - settings.NEWSLETTER_LEASE_EXPIRES
    stalled = (
        Sending.objects.filter(status__in=[Sending.Status.QUEUED, Sending.Status.SENDING])
        .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=expired))
        .filter(
            Q(last_progress_at__lt=expired)
            | Q(last_progress_at__isnull=True, created_at__lt=expired)
        )
        .exclude(issue_id__in=queued)
    )
    if outbox.pending().filter(function=SEND_JOB).exists():
        stalled = stalled.none()  # Redis is away: the sendings recorded already will do
    for pk, issue_id in stalled.values_list("pk", "issue_id"):
        # last_progress_at marks the time of this re-queueing: once per LEASE_EXPIRES.
        if (
            Sending.objects.filter(pk=pk)
            .filter(Q(last_progress_at__lt=expired) | Q(last_progress_at__isnull=True))
            .update(last_progress_at=now)
        ):
            queued.append(issue_id)
    for issue_id in queued:
        enqueue(issue_id)
    return queued


def recipients(issue):
    """Confirmed subscribers in the issue's language (and topics): a queryset of (pk, email)."""
    return (
        Subscriber.objects.filter(
            status=Subscriber.Status.SUBSCRIBED, language=issue.locale.language_code
        )
        .filter(topics.recipients_filter(issue))
        .order_by("pk")
        .values_list("pk", "email")
        .distinct()
    )


def snapshot(sending):
    """Render the content once and create the deliveries, in one transaction."""
    issue = NewsletterIssue.objects.get(pk=sending.issue_id)
    if issue.live_revision_id:  # send what is published, not a later draft
        issue = issue.live_revision.as_object()
    subject, html, text = emails.render_issue(issue)
    with transaction.atomic():
        rows = recipients(issue).iterator(chunk_size=SNAPSHOT_CHUNK)
        while chunk := list(itertools.islice(rows, SNAPSHOT_CHUNK)):
            Delivery.objects.bulk_create(
                [Delivery(issue_id=issue.pk, subscriber_id=pk, email=email) for pk, email in chunk],
                ignore_conflicts=True,
            )
        sending.subject, sending.html, sending.text = subject, html, text
        sending.tracked = open_tracking.is_on()
        sending.recipient_count = Delivery.objects.filter(issue_id=issue.pk).count()
        sending.snapshot_at = sending.last_progress_at = timezone.now()
        sending.status = Sending.Status.SENDING
        sending.save(  # these fields only: the lease is another run's business
            update_fields=[
                "subject",
                "html",
                "text",
                "tracked",
                "recipient_count",
                "snapshot_at",
                "last_progress_at",
                "status",
            ]
        )


def run(issue_id):
    sending = Sending.objects.filter(issue_id=issue_id).first()
    if sending is None or sending.status not in (Sending.Status.QUEUED, Sending.Status.SENDING):
        return "nothing to do"
    lease = Lease(sending.pk)
    if not lease.acquire():
        return "already being sent"
    with lease:
        if sending.snapshot_at is None:
            snapshot(sending)
        else:
            touch(sending, status=Sending.Status.SENDING)
        # Per-recipient refusals are recorded, not raised: one bad address must not stop it.
        connection = get_connection(ignore_recipient_status=True)
        resolve_interrupted(sending, connection)
        esp = BATCH_ESPS.get(getattr(connection, "esp_name", None))
        size = (
            min(esp[1], settings.NEWSLETTER_ESP_BATCH_SIZE or esp[1])
            if esp
            else settings.NEWSLETTER_BATCH_SIZE
        )
        sent = 0
        with connection:
            while lease.held() and (batch := claim(sending.issue_id, size)):
                send_batch(sending, batch, connection, merge_format=esp[0] if esp else None)
                sent += len(batch)
                touch(sending)
        if lease.held():
            finish(sending)
    return sent


class Lease:
    """One run of a sending at a time, and a sign of life that does not depend on the ESP.

    Renewed by a thread every HEARTBEAT_EVERY seconds. Inside a transaction (tests running the
    job in their own transaction) another thread could not see the row: there the run renews
    it itself after each batch (`touch`)."""

    def __init__(self, sending_id):
        self.sending_id = sending_id
        self.holder = uuid.uuid4().hex
        self.rows = Sending.objects.filter(pk=sending_id, lease_holder=self.holder)
        self.stop = threading.Event()
        self.lost = threading.Event()
        self.thread = None

    def acquire(self):
        now = timezone.now()
        expired = now - settings.NEWSLETTER_LEASE_EXPIRES
        return bool(
            Sending.objects.filter(
                pk=self.sending_id,
                status__in=[Sending.Status.QUEUED, Sending.Status.SENDING],
            )
            .filter(Q(lease_holder="") | Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=expired))
            .update(lease_holder=self.holder, heartbeat_at=now)
        )

    def held(self):
        return not self.lost.is_set()

    def __enter__(self):
        if not database.in_atomic_block:
            self.thread = threading.Thread(target=self._beat, daemon=True)
            self.thread.start()
        return self

    def _beat(self):
        try:
            while not self.stop.wait(settings.NEWSLETTER_HEARTBEAT_EVERY):
                if not self.rows.update(heartbeat_at=timezone.now()):
                    self.lost.set()  # taken over: this run must stop claiming
                    return
        finally:
            database.close()  # this thread's own connection

    def __exit__(self, *exc):
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
        self.rows.update(lease_holder="", heartbeat_at=None)


def touch(sending, **fields):
    fields["last_progress_at"] = timezone.now()
    if database.in_atomic_block:
        fields["heartbeat_at"] = fields["last_progress_at"]
    Sending.objects.filter(pk=sending.pk).update(**fields)


def resolve_interrupted(sending, connection):
    """Deliveries left "claimed" by a dead run: ask the ESP which it accepted (sent), queue the
    others again; "unconfirmed" when the ESP cannot be asked. Raises EspUnavailable when it can
    but does not answer now (they stay claimed for the next run)."""
    claimed = Delivery.objects.filter(issue_id=sending.issue_id, status=Delivery.Status.CLAIMED)
    rows = list(claimed.values_list("pk", "updated_at"))
    if not rows:
        return
    reconciler = reconciliation.for_connection(connection)
    if reconciler is None:
        claimed.update(status=Delivery.Status.UNCONFIRMED, updated_at=timezone.now())
        logger.warning(
            "Sending of issue %s: %s interrupted, unconfirmed", sending.issue_id, len(rows)
        )
        return
    # The ESP records what it accepts within moments: let the last claim settle first.
    newest = max(updated_at for _pk, updated_at in rows)
    wait = (settings.NEWSLETTER_RECONCILE_SETTLE - (timezone.now() - newest)).total_seconds()
    if wait > 0:
        time.sleep(wait)
    try:
        accepted = reconciler.accepted(
            [pk for pk, _updated in rows], since=min(updated for _pk, updated in rows)
        )
    except reconciliation.ReconciliationUnavailable as error:
        raise EspUnavailable(str(error)) from error
    now = timezone.now()
    for pk, message_id in accepted.items():
        claimed.filter(pk=pk).update(
            status=Delivery.Status.SENT, message_id=message_id[:255], sent_at=now, updated_at=now
        )
    requeued = claimed.exclude(pk__in=accepted).update(
        status=Delivery.Status.QUEUED, updated_at=now
    )
    logger.warning(
        "Sending of issue %s: of %s interrupted, the ESP had %s, %s queued again",
        sending.issue_id,
        len(rows),
        len(accepted),
        requeued,
    )


def claim(issue_id, size):
    """Take up to `size` queued deliveries for this worker; committed before any sending."""
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                issue_id=issue_id,
                status=Delivery.Status.QUEUED,
                subscriber__status=Subscriber.Status.SUBSCRIBED,
            )
            .order_by("pk")
            .values_list("pk", "subscriber_id", "email", "subscriber__token_key")[:size]
        )
        Delivery.objects.filter(pk__in=[row[0] for row in rows]).update(
            status=Delivery.Status.CLAIMED, updated_at=timezone.now()
        )
    return rows


def links_for(row, patterns):
    delivery_id, subscriber_id, _email, token_key = row
    token = tokens.make_raw(subscriber_id, token_key, tokens.MANAGE, delivery_id)
    return {name: pattern.replace(emails.TOKEN_SLOT, token) for name, pattern in patterns.items()}


def send_batch(sending, batch, connection, merge_format=None):
    """Hand a claimed batch to the ESP: one API call with the ESP's batch sending, otherwise
    one call per recipient. Raises (after recording what happened) when the ESP is down."""
    language = NewsletterIssue.objects.values_list("locale__language_code", flat=True).get(
        pk=sending.issue_id
    )
    patterns = emails.link_patterns(language)
    # its display name in the issue's language
    from_email = sender(settings.NEWSLETTER_FROM_EMAIL, language)
    calls = [batch] if merge_format else [[row] for row in batch]
    for number, rows in enumerate(calls):
        try:
            call_esp(sending, rows, connection, merge_format, patterns, from_email)
        except EspUnavailable:
            later = [row[0] for rows in calls[number + 1 :] for row in rows]
            set_status(later, Delivery.Status.QUEUED)
            raise


class EspUnavailable(Exception):
    """The ESP did not take a call (server error, rate limit, no answer): try again later."""


def call_esp(sending, rows, connection, merge_format, patterns, from_email):
    """One API call for `rows`; a refusal of the call's content (HTTP 4xx, an address the
    backend cannot parse) is narrowed down to the recipient(s) responsible."""
    message = build_message(sending, rows, merge_format, patterns, from_email)
    ids = [row[0] for row in rows]
    try:
        connection.send_messages([message])
    except AnymailError as error:
        status_code = getattr(error, "status_code", None)
        refused = isinstance(error, AnymailInvalidAddress) or (
            status_code is not None and 400 <= status_code < 500 and status_code != 429
        )
        if refused and len(rows) > 1:
            for row in rows:  # find who is refused; the others go out
                call_esp(sending, [row], connection, merge_format, patterns, from_email)
            return
        if refused:
            set_status(ids, Delivery.Status.REJECTED)
            logger.warning("ESP refused delivery %s: %s", ids[0], error)
            return
        # An error answer: the ESP took nothing, back in the queue. No answer (a time-out): the
        # ESP may have taken it; it stays claimed and the next run asks (resolve_interrupted).
        if status_code:
            set_status(ids, Delivery.Status.QUEUED)
        raise EspUnavailable(str(error)) from error
    record_statuses(rows, [message])


def build_message(sending, rows, merge_format, patterns, from_email):
    links = {row[2]: links_for(row, patterns) for row in rows}
    if not merge_format:  # one recipient, links written in
        [(email, values)] = links.items()
        message = new_message(sending, values, from_email, to=[email])
        message.extra_headers.update(emails.list_headers(values["unsubscribe_url"]))
        message.metadata = {"delivery": str(rows[0][0])}
        return message
    fields = {name: merge_format.format(name) for name in emails.MERGE_FIELDS}
    message = new_message(sending, fields, from_email, to=list(links))
    message.merge_data = links
    message.merge_headers = {
        email: emails.list_headers(values["unsubscribe_url"]) for email, values in links.items()
    }
    message.merge_metadata = {row[2]: {"delivery": str(row[0])} for row in rows}
    if merge_format == BATCH_ESPS["SendGrid"][0]:
        message.esp_extra = {"merge_field_format": "-{}-"}
    return message


def set_status(ids, status):
    Delivery.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())


def new_message(sending, values, from_email, to):
    message = AnymailMessage(
        subject=sending.subject,
        body=emails.fill(sending.text, values),
        from_email=from_email,
        to=to,
        tags=["newsletter"],
    )
    message.attach_alternative(emails.fill(sending.html, values), "text/html")
    return open_tracking.apply(message, sending.tracked)


REFUSED = {"rejected", "invalid", "failed"}


def record_statuses(batch, messages):
    by_email = {}
    for message in messages:
        status = getattr(message, "anymail_status", None)
        for email, recipient in (status.recipients if status else {}).items():
            by_email[email.lower()] = recipient
    now = timezone.now()
    groups = {}
    for delivery_id, _subscriber, email, _key in batch:
        recipient = by_email.get(email)
        refused = recipient is not None and recipient.status in REFUSED
        message_id = (recipient.message_id or "") if recipient else ""
        key = (Delivery.Status.REJECTED if refused else Delivery.Status.SENT, message_id)
        groups.setdefault(key, []).append(delivery_id)
    for (status, message_id), ids in groups.items():
        Delivery.objects.filter(pk__in=ids).update(
            status=status, message_id=str(message_id)[:255], sent_at=now, updated_at=now
        )


def finish(sending):
    """When nothing is queued or claimed: "sent", or "finished, some recipients unconfirmed"
    while any is. Queued rows of people who left are skipped."""
    left = Delivery.objects.filter(issue_id=sending.issue_id)
    left.filter(status=Delivery.Status.QUEUED).exclude(
        subscriber__status=Subscriber.Status.SUBSCRIBED
    ).update(status=Delivery.Status.SKIPPED, updated_at=timezone.now())
    if left.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.CLAIMED]).exists():
        return
    unresolved = left.filter(status=Delivery.Status.UNCONFIRMED).exists()
    status = Sending.Status.UNRESOLVED if unresolved else Sending.Status.DONE
    touch(sending, status=status, finished_at=timezone.now())


def settle(issue_id):
    """A finished sending whose last unconfirmed recipient was resolved (a webhook) is "sent"."""
    unresolved = Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.UNCONFIRMED)
    if not unresolved.exists():
        Sending.objects.filter(issue_id=issue_id, status=Sending.Status.UNRESOLVED).update(
            status=Sending.Status.DONE
        )


def unconfirmed(issue):
    """The report of what could not be confirmed: addresses that may not have the issue."""
    return Delivery.objects.filter(issue=issue, status=Delivery.Status.UNCONFIRMED).order_by("pk")


def resend_unconfirmed(issue):
    """Staff's decision, after reading the report: send the unconfirmed recipients again (some
    may then get it twice). Returns how many were queued."""
    with transaction.atomic():
        count = unconfirmed(issue).update(status=Delivery.Status.QUEUED, updated_at=timezone.now())
        if count:
            Sending.objects.filter(issue=issue).update(
                status=Sending.Status.SENDING, finished_at=None
            )
            enqueue(issue.pk)
    return count


def progress(issue):
    """Counts per delivery status, for the admin."""
    counts = dict(
        Delivery.objects.filter(issue=issue)
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return {status: counts.get(status, 0) for status in Delivery.Status.values}


def send_test(issue, email):
    """'Send a test to me': the issue as a subscriber gets it, to one address, now."""
    return emails.test_message(issue, email).send()
