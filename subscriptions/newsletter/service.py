"""Subscribing, confirming, changing preferences and unsubscribing: the rules, apart from views.

`subscribe()` gives no sign of whether the address was new, pending or already subscribed: it
always records the request and queues exactly one e-mail to the address (a confirmation link,
or, for a subscriber, a link to their preferences). Nothing else is sent before confirmation.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from resilience import outbox
from subscriptions.models import Consent, Delivery, Subscriber

from . import tokens

Source = Consent.Source
Action = Consent.Action


def normalise_email(email):
    return (email or "").strip().lower()


def subscribe(email, language, topics=(), source=Source.PAGE):
    """Ask for the newsletter for `email` in `language` (fr/en), about `topics` (news topics;
    none means everything). Safe to call from any form: same effect seen from outside whatever
    the address's state; the e-mail goes out from the `mail` queue after the commit."""
    email = normalise_email(email)
    with transaction.atomic():
        subscriber = _lock_or_create(email, language)
        if subscriber.status == Subscriber.Status.SUBSCRIBED:
            kind = "already-subscribed"
        else:
            kind = "confirm"
            subscriber.status = Subscriber.Status.PENDING
            subscriber.language = language
            subscriber.save(update_fields=["status", "language", "email"])
            set_topics(subscriber, topics)
        record(subscriber, Action.REQUESTED, source, topics=topics, language=language)
        queue_subscription_mail(subscriber.pk, kind)  # in this transaction, sent after it
    return subscriber


def _lock_or_create(email, language):
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if subscriber is not None:
        return subscriber
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, language=language)
    except IntegrityError:  # created at the same moment by another request
        return Subscriber.objects.select_for_update().get(email__iexact=email)


def queue_subscription_mail(subscriber_id, kind):
    """Recorded in the outbox: sent when Redis takes it, now or after an outage."""
    outbox.enqueue(
        "mail", "subscriptions.newsletter.jobs.send_subscription_mail", subscriber_id, kind
    )


MAILS_PER_JOB = 200


def queue_subscription_mails(subscriber_ids, kind):
    """Many at once (an import): one outbox entry and job per MAILS_PER_JOB subscribers."""
    for start in range(0, len(subscriber_ids), MAILS_PER_JOB):
        outbox.enqueue(
            "mail",
            "subscriptions.newsletter.jobs.send_subscription_mails",
            subscriber_ids[start : start + MAILS_PER_JOB],
            kind,
        )


def confirm(subscriber):
    """The owner of the address clicked the link of the confirmation e-mail."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Subscriber.Status.SUBSCRIBED:
            subscriber.status = Subscriber.Status.SUBSCRIBED
            subscriber.confirmed_at = timezone.now()
            subscriber.unsubscribed_at = None
            subscriber.suppressed_reason = ""
            subscriber.save()
            record(subscriber, Action.CONFIRMED, Source.CONFIRMATION)
    return subscriber


def change_preferences(subscriber, language, topics=()):
    with transaction.atomic():
        subscriber.language = language
        subscriber.save(update_fields=["language"])
        set_topics(subscriber, topics)
        record(subscriber, Action.CHANGED, Source.PREFERENCES, topics=topics, language=language)
    return subscriber


def unsubscribe(subscriber, source, delivery=None):
    """Stop every newsletter to this subscriber (idempotent). `delivery`: the issue whose link
    was used, counted as "unsubscribed" in that issue's progress."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at"])
            record(subscriber, Action.UNSUBSCRIBED, source)
        if delivery is not None:
            Delivery.objects.filter(pk=delivery, subscriber=subscriber).update(
                status=Delivery.Status.UNSUBSCRIBED, updated_at=timezone.now()
            )
    return subscriber


def suppress(email, reason):
    """A hard bounce or a complaint: never send to this address again, unless it subscribes
    and confirms anew."""
    for subscriber in Subscriber.objects.filter(email__iexact=normalise_email(email)).exclude(
        status=Subscriber.Status.SUPPRESSED
    ):
        subscriber.status = Subscriber.Status.SUPPRESSED
        subscriber.suppressed_reason = reason
        subscriber.save(update_fields=["status", "suppressed_reason"])
        record(subscriber, Action.SUPPRESSED, Source.WEBHOOK)


def set_topics(subscriber, topics):
    subscriber.topics.set(list(topics))


def record(subscriber, action, source, *, topics=(), language=""):
    return Consent.objects.create(
        subscriber=subscriber,
        action=action,
        source=source,
        language=language or subscriber.language,
        topics=", ".join(str(topic) for topic in topics)[:500],
    )


def export(subscriber):
    """Everything the newsletter holds about one subscriber, as JSON-ready data."""
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "status": subscriber.status,
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed_at": (
            subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None
        ),
        "topics": [str(topic) for topic in topics_of(subscriber)],
        "consents": [
            {
                "when": consent.created_at.isoformat(),
                "action": consent.action,
                "source": consent.source,
                "language": consent.language,
                "topics": consent.topics,
                "details": consent.details,
                "given_at": consent.given_at.isoformat() if consent.given_at else None,
            }
            for consent in subscriber.consents.all()
        ],
        "deliveries": [
            {
                "issue": delivery.issue.subject,
                "status": delivery.status,
                "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
            }
            for delivery in subscriber.deliveries.select_related("issue")
        ],
    }


def topics_of(subscriber):
    return list(subscriber.topics.all())


def erase(subscriber):
    """Delete the subscriber, their consents and their delivery records."""
    subscriber.delete()


def subscriber_from_link(token, purpose):
    """(subscriber, delivery id or None) of a signed link; raises tokens.InvalidToken, also
    when the subscriber is gone or was given a new key since (every old link then stops)."""
    subscriber_id, token_key, delivery_id = tokens.read(token, purpose)
    subscriber = Subscriber.objects.filter(pk=subscriber_id, token_key=token_key).first()
    if subscriber is None:
        raise tokens.InvalidToken("no such subscriber")
    return subscriber, delivery_id


def personal_records(email):
    """The subscription of `email` with its proof of consent, for the export of an account's
    personal data (JSON-ready); None when the address never asked for the newsletter."""
    subscriber = Subscriber.objects.filter(email__iexact=normalise_email(email)).first()
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "status": subscriber.status,
        "topics": [topic.name for topic in subscriber.topics.all()],
        "created_at": subscriber.created_at,
        "confirmed_at": subscriber.confirmed_at,
        "unsubscribed_at": subscriber.unsubscribed_at,
        "consents": [
            {
                "action": consent.action,
                "source": consent.source,
                "language": consent.language,
                "topics": consent.topics,
                "at": consent.created_at,
            }
            for consent in subscriber.consents.all()
        ],
    }
