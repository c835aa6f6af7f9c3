"""Sending an issue: snapshot the recipients, then hand them to the ESP in batches.

Safe to run again after a crash, and by two workers at once:
- the snapshot creates one `Delivery` per (issue, subscriber), unique in the database, in one
  transaction (a retry creates what is missing, never a second row);
- a worker claims a batch of queued deliveries (`SELECT ... FOR UPDATE SKIP LOCKED`, then
  status "claimed") and commits before calling the ESP, so no two workers hold the same rows;
- after the ESP's answer the batch is marked "sent". A batch still "claimed" by a worker that
  died during the ESP call may or may not have reached the ESP: it is marked "unconfirmed" and
  never sent again (at most once; the tracking webhooks later tell which arrived);
- an ESP that refuses a call's content (HTTP 4xx) has the call narrowed down to the recipient
  responsible, who is marked "rejected"; an ESP that is down (5xx, 429, no answer) stops the
  job with the rest of the batch queued again, and the periodic job resumes it later.

With an ESP that has batch sending without stored templates (one API call, per-recipient merge
data and headers: Mailgun, SendGrid) one message goes to up to `size` recipients; any other
Anymail backend (console, test, Postmark, SES, Mailjet...) gets one message per recipient over
one connection.
"""

import itertools
import logging

import django_rq
from anymail.exceptions import AnymailError, AnymailInvalidAddress
from anymail.message import AnymailMessage
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from common.mail import sender
from subscriptions.models import Delivery, NewsletterIssue, Sending, Subscriber

from . import conf, emails, tokens, topics

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
    except IntegrityError:
        raise AlreadyStarted(issue.pk) from None
    if not when:
        transaction.on_commit(lambda: enqueue(issue.pk))
    return sending


def cancel_schedule(issue):
    return Sending.objects.filter(issue=issue, status=Sending.Status.SCHEDULED).delete()[0] > 0


def enqueue(issue_id):
    from . import jobs

    django_rq.get_queue("mail").enqueue(
        jobs.send_issue, issue_id, job_timeout=conf.get("JOB_TIMEOUT")
    )


def start_due():
    """Queue the scheduled sendings whose time has come; queue again the ones whose worker
    stopped making progress (died). Returns the issue ids queued."""
    now = timezone.now()
    queued = []
    due = Sending.objects.filter(status=Sending.Status.SCHEDULED, scheduled_for__lte=now)
    for sending in due:
        if Sending.objects.filter(pk=sending.pk, status=Sending.Status.SCHEDULED).update(
            status=Sending.Status.QUEUED
        ):
            queued.append(sending.issue_id)
    stalled_before = now - conf.get("STALLED_AFTER")
    stalled = Sending.objects.filter(
        Q(last_progress_at__lt=stalled_before)
        | Q(last_progress_at__isnull=True, created_at__lt=stalled_before),
        status__in=[Sending.Status.QUEUED, Sending.Status.SENDING],
    ).exclude(issue_id__in=queued)
    queued += list(stalled.values_list("issue_id", flat=True))
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
        sending.recipient_count = Delivery.objects.filter(issue_id=issue.pk).count()
        sending.snapshot_at = sending.last_progress_at = timezone.now()
        sending.status = Sending.Status.SENDING
        sending.save()


def run(issue_id):
    sending = Sending.objects.filter(issue_id=issue_id).first()
    if sending is None or sending.status in (Sending.Status.DONE, Sending.Status.SCHEDULED):
        return "nothing to do"
    if sending.snapshot_at is None:
        snapshot(sending)
    else:
        touch(sending, status=Sending.Status.SENDING)
    mark_interrupted_claims(sending)
    # Per-recipient refusals are recorded, not raised: one bad address must not stop a sending.
    connection = get_connection(ignore_recipient_status=True)
    esp = BATCH_ESPS.get(getattr(connection, "esp_name", None))
    size = min(esp[1], conf.get("ESP_BATCH_SIZE") or esp[1]) if esp else conf.get("BATCH_SIZE")
    sent = 0
    with connection:
        while batch := claim(sending.issue_id, size):
            send_batch(sending, batch, connection, merge_format=esp[0] if esp else None)
            sent += len(batch)
            touch(sending)
    finish(sending)
    return sent


def touch(sending, **fields):
    fields["last_progress_at"] = timezone.now()
    Sending.objects.filter(pk=sending.pk).update(**fields)


def mark_interrupted_claims(sending):
    """Claims older than a batch could ever take belong to a worker that died mid-call."""
    before = timezone.now() - conf.get("CLAIM_TIMEOUT")
    return Delivery.objects.filter(
        issue_id=sending.issue_id, status=Delivery.Status.CLAIMED, updated_at__lt=before
    ).update(status=Delivery.Status.UNCONFIRMED, updated_at=timezone.now())


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
    from_email = sender(conf.get("FROM_EMAIL"), language)  # its name in the issue's language
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
        # An error answer: the ESP took nothing, back in the queue. No answer (a timeout): the
        # ESP may have taken it, so it is never sent again.
        set_status(ids, Delivery.Status.QUEUED if status_code else Delivery.Status.UNCONFIRMED)
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
    return message


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
    """Done when nothing is queued or claimed; queued rows of people who left are skipped."""
    left = Delivery.objects.filter(issue_id=sending.issue_id)
    left.filter(status=Delivery.Status.QUEUED).exclude(
        subscriber__status=Subscriber.Status.SUBSCRIBED
    ).update(status=Delivery.Status.SKIPPED, updated_at=timezone.now())
    if not left.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.CLAIMED]).exists():
        touch(sending, status=Sending.Status.DONE, finished_at=timezone.now())


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
