"""One-click unsubscribe (RFC 8058), the preference page, data export and deletion."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from subscriptions.models import Consent, Delivery, Subscriber

from .conftest import manage_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber():
    return Subscriber.objects.create(
        email="reader@example.org", status=Subscriber.Status.SUBSCRIBED, language="fr"
    )


def test_one_click_unsubscribe_is_a_post_with_no_cookie_and_no_csrf_token(subscriber):
    url = reverse("newsletter:unsubscribe", args=[manage_token(subscriber)])
    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no token: as a mail client

    response = mail_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.consents.get().source == Consent.Source.ONE_CLICK


def test_opening_the_unsubscribe_link_only_asks(client, subscriber):
    url = reverse("newsletter:unsubscribe", args=[manage_token(subscriber)])
    response = client.get(url)
    assert response.status_code == 200
    assert '<form method="post">' in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_unsubscribing_from_an_issue_counts_in_that_issues_progress(
    client, subscriber, issue_factory
):
    issue = issue_factory()
    delivery = Delivery.objects.create(issue=issue, subscriber=subscriber, email=subscriber.email)
    url = reverse("newsletter:unsubscribe", args=[manage_token(subscriber, delivery.pk)])
    client.post(url)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.UNSUBSCRIBED


def test_a_forged_or_reset_link_does_nothing(client, subscriber):
    token = manage_token(subscriber)
    assert client.post(reverse("newsletter:unsubscribe", args=[token + "x"])).status_code == 400
    subscriber.token_key = "new-key"
    subscriber.save()
    assert client.post(reverse("newsletter:unsubscribe", args=[token])).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_preference_page_changes_language_without_logging_in(client, subscriber):
    url = reverse("newsletter:preferences", args=[manage_token(subscriber)])
    page = client.get(url)
    assert page.status_code == 200
    assert "reader@example.org" in page.content.decode()

    response = client.post(url, {"language": "en"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.language == "en"
    assert subscriber.consents.get().action == Consent.Action.CHANGED

    assert client.post(url, {"language": "de"}).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.language == "en"


def test_export_gives_the_subscribers_data_and_consents(client, subscriber):
    Consent.objects.create(subscriber=subscriber, action="requested", source="footer")
    response = client.get(reverse("newsletter:export", args=[manage_token(subscriber)]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["email"] == "reader@example.org"
    assert data["consents"][0]["source"] == "footer"
    assert data["consents"][0]["when"]


def test_deletion_erases_the_subscriber_consents_and_deliveries(client, subscriber, issue_factory):
    issue = issue_factory()
    Delivery.objects.create(issue=issue, subscriber=subscriber, email=subscriber.email)
    Consent.objects.create(subscriber=subscriber, action="requested", source="page")
    token = manage_token(subscriber)

    response = client.post(reverse("newsletter:delete", args=[token]))

    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not Consent.objects.exists()
    assert not Delivery.objects.exists()
    assert client.get(reverse("newsletter:preferences", args=[token])).status_code == 400
