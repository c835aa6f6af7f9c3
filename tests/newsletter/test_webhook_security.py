"""The ESP's webhooks never act on unauthenticated events: a forged spam complaint suppresses
no one, whatever EMAIL_BACKEND says, and a deployment with an ESP but no webhook secret fails
`check --deploy`."""

import base64
import json

import pytest

from subscriptions.models import Subscriber
from tests.test_settings_contract import check_deploy

SECRET = "tracker:long-random-secret-for-tests"
VICTIM = "reader@example.org"
# Postmark and SendGrid events carry no signature of their own: basic auth is their only guard.
FORGED_COMPLAINTS = {
    "/anymail/postmark/tracking/": {
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "Email": VICTIM,
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "BouncedAt": "2026-12-03T10:00:00Z",
    },
    "/anymail/sendgrid/tracking/": [
        {"event": "spamreport", "email": VICTIM, "timestamp": 1764756000, "sg_event_id": "forged"}
    ],
}


@pytest.fixture
def victim(db):
    return Subscriber.objects.create(email=VICTIM, status=Subscriber.Status.SUBSCRIBED)


def forge(client, url, **headers):
    body = json.dumps(FORGED_COMPLAINTS[url])
    return client.post(url, body, content_type="application/json", **headers)


def basic_auth(secret):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


@pytest.mark.parametrize("url", FORGED_COMPLAINTS)
def test_without_a_secret_the_webhooks_refuse_everything(client, settings, victim, url):
    """EMAIL_BACKEND overridden (an SMTP relay), ESP named, no secret: the finding's set-up."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.ANYMAIL_ESP = "postmark"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "token"}
    assert forge(client, url).status_code == 403
    victim.refresh_from_db()
    assert victim.status == Subscriber.Status.SUBSCRIBED


@pytest.mark.parametrize("url", FORGED_COMPLAINTS)
def test_with_a_secret_only_authenticated_events_count(client, settings, victim, url):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    assert forge(client, url).status_code == 400
    assert forge(client, url, **basic_auth("tracker:guessed")).status_code == 400
    victim.refresh_from_db()
    assert victim.status == Subscriber.Status.SUBSCRIBED
    # The same event, authenticated, is acted upon: the forged ones failed on their credentials.
    assert forge(client, url, **basic_auth(SECRET)).status_code == 200
    victim.refresh_from_db()
    assert victim.status == Subscriber.Status.SUPPRESSED


@pytest.mark.parametrize(
    "environment",
    [
        {"ANYMAIL_ESP": "postmark", "ANYMAIL_POSTMARK_SERVER_TOKEN": "token"},
        {
            "ANYMAIL_ESP": "postmark",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "token",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        },
        {"EMAIL_BACKEND": "anymail.backends.mailgun.EmailBackend", "ANYMAIL_MAILGUN_API_KEY": "k"},
    ],
    ids=["esp", "esp-with-backend-overridden", "backend-names-an-esp"],
)
def test_check_deploy_fails_with_an_esp_and_no_webhook_secret(environment):
    result = check_deploy(environment)
    assert result.returncode != 0
    assert "newsletter.E001" in result.stderr + result.stdout
    fixed = check_deploy({**environment, "ANYMAIL_WEBHOOK_SECRET": SECRET})
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
