"""Anymail's Mailgun tracking webhook, authenticated, updates deliveries and suppresses."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from subscriptions.models import Consent, Delivery, Subscriber

from .conftest import SIGNING_KEY, WEBHOOK_SECRET

pytestmark = pytest.mark.django_db

URL = "/anymail/mailgun/tracking/"


def basic_auth(secret=WEBHOOK_SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def mailgun_event(event, recipient, delivery=None, message_id="<batch-1@fake.mailgun>", **extra):
    timestamp, token = str(int(time.time())), "token-" + str(time.monotonic_ns())
    signature = hmac.new(
        SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return json.dumps(
        {
            "signature": {"timestamp": timestamp, "token": token, "signature": signature},
            "event-data": {
                "event": event,
                "recipient": recipient,
                "timestamp": time.time(),
                "message": {"headers": {"message-id": message_id.strip("<>")}},
                "user-variables": {"delivery": str(delivery)} if delivery else {},
                **extra,
            },
        }
    )


@pytest.fixture
def delivery(issue_factory, fake_mailgun):
    subscriber = Subscriber.objects.create(
        email="reader@example.org", status=Subscriber.Status.SUBSCRIBED
    )
    return Delivery.objects.create(
        issue=issue_factory(),
        subscriber=subscriber,
        email=subscriber.email,
        status=Delivery.Status.SENT,
        message_id="<batch-1@fake.mailgun>",
    )


def post(client, body, **headers):
    return client.post(URL, body, content_type="application/json", **headers)


def test_delivered_event_updates_the_delivery(client, delivery):
    response = post(client, mailgun_event("delivered", delivery.email, delivery.pk), **basic_auth())
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED


def test_events_without_metadata_are_matched_by_message_id_and_recipient(client, delivery):
    post(client, mailgun_event("delivered", delivery.email), **basic_auth())
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED


@pytest.mark.parametrize(
    ("event", "extra", "status"),
    [
        ("failed", {"severity": "permanent", "reason": "bounce"}, Delivery.Status.BOUNCED),
        ("complained", {}, Delivery.Status.COMPLAINED),
    ],
)
def test_hard_bounce_or_complaint_suppresses_the_subscriber(client, delivery, event, extra, status):
    body = mailgun_event(event, delivery.email, delivery.pk, **extra)
    assert post(client, body, **basic_auth()).status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == status
    subscriber = delivery.subscriber
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUPPRESSED
    assert subscriber.consents.get().action == Consent.Action.SUPPRESSED

    # A late "delivered" does not hide it.
    post(client, mailgun_event("delivered", delivery.email, delivery.pk), **basic_auth())
    delivery.refresh_from_db()
    assert delivery.status == status


def test_a_temporary_failure_does_not_suppress(client, delivery):
    body = mailgun_event("failed", delivery.email, delivery.pk, severity="temporary")
    post(client, body, **basic_auth())
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DEFERRED
    assert Subscriber.objects.get().status == Subscriber.Status.SUBSCRIBED


@pytest.mark.parametrize("secret", [None, "tracker:wrong", "someone:else"])
def test_a_wrong_or_missing_secret_is_rejected(client, delivery, secret):
    headers = basic_auth(secret) if secret else {}
    body = mailgun_event("complained", delivery.email, delivery.pk)
    assert post(client, body, **headers).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.SUBSCRIBED
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_a_malformed_or_unsigned_payload_is_rejected(client, delivery):
    assert post(client, "{not json", **basic_auth()).status_code == 400
    unsigned = json.loads(mailgun_event("complained", delivery.email, delivery.pk))
    unsigned["signature"]["signature"] = "0" * 64
    assert post(client, json.dumps(unsigned), **basic_auth()).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.SUBSCRIBED


def test_an_event_cannot_touch_another_recipients_delivery(client, delivery):
    other = Subscriber.objects.create(email="other@example.org", status="subscribed")
    body = mailgun_event("failed", other.email, delivery.pk, severity="permanent")
    post(client, body, **basic_auth())
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
