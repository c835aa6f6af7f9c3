"""Double opt-in, no enumeration, no duplicates, signed expiring links."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from subscriptions.models import Consent, Subscriber
from subscriptions.newsletter import tokens

from .conftest import outbox_for

pytestmark = pytest.mark.django_db


def link_in(message, name):
    match = re.search(rf"https?://[^\s\"]+/newsletter/{name}/[^\s\"]+/", message.body)
    assert match, message.body
    return urlparse(match.group(0)).path


def without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def post_subscribe(client, django_capture_on_commit_callbacks, run_mail_jobs, **data):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("newsletter:subscribe"), {"language": "fr", "source": "footer", **data}
        )
    run_mail_jobs()
    return response


def test_double_opt_in_sends_only_a_confirmation_until_the_link_is_used(
    client, django_capture_on_commit_callbacks, run_mail_jobs
):
    response = post_subscribe(
        client, django_capture_on_commit_callbacks, run_mail_jobs, email="Ana@Example.org"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:subscribe_done")

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ana@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "Confirm" in message.subject or "Confirmez" in message.subject

    confirm_path = link_in(message, "confirm")
    page = client.get(confirm_path)  # a link checker opening it confirms nothing
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302
    assert "/newsletter/preferences/" in confirmed["Location"]
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.confirmed_at is not None
    assert list(subscriber.consents.values_list("action", "source")) == [
        (Consent.Action.REQUESTED, Consent.Source.FOOTER),
        (Consent.Action.CONFIRMED, Consent.Source.CONFIRMATION),
    ]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("state", ["new", "pending", "subscribed", "unsubscribed"])
def test_the_answer_is_the_same_whatever_the_state_of_the_address(
    state, client, django_capture_on_commit_callbacks, run_mail_jobs
):
    email = "known@example.org"
    if state != "new":
        Subscriber.objects.create(email=email, status=state)
    response = post_subscribe(
        client, django_capture_on_commit_callbacks, run_mail_jobs, email=email
    )
    reference = post_subscribe(
        client, django_capture_on_commit_callbacks, run_mail_jobs, email="nobody@example.org"
    )
    assert response.status_code == reference.status_code == 302
    assert response["Location"] == reference["Location"]
    assert without_csrf(client.get(response["Location"])) == without_csrf(
        client.get(reference["Location"])
    )

    # The address itself gets one e-mail: a confirmation link, or its preferences if subscribed.
    [message] = outbox_for(email)
    if state == "subscribed":
        assert "/newsletter/preferences/" in message.body
        assert Subscriber.objects.get(email=email).status == Subscriber.Status.SUBSCRIBED
    else:
        assert "/newsletter/confirm/" in message.body
        assert Subscriber.objects.get(email=email).status == Subscriber.Status.PENDING


def test_no_duplicate_subscribers_whatever_the_case(subscribe_and_mail):
    subscribe_and_mail("Same@Example.org")
    subscribe_and_mail("same@example.ORG ", language="en")
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().language == "en"
    with pytest.raises(IntegrityError):
        Subscriber.objects.bulk_create([Subscriber(email="SAME@example.org")])


def test_an_address_gets_at_most_three_subscription_mails_an_hour(subscribe_and_mail):
    for _ in range(5):
        subscribe_and_mail("flooded@example.org")
    assert len(outbox_for("flooded@example.org")) == 3


def test_invalid_address_is_refused_with_a_translated_message(client):
    response = client.post("/fr/newsletter/", {"email": "not-an-address", "language": "fr"})
    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide" in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_confirmation_link_expires_and_cannot_be_forged(client, settings, subscribe_and_mail):
    subscriber = subscribe_and_mail("late@example.org")
    path = link_in(mail.outbox[0], "confirm")
    settings.NEWSLETTER_CONFIRM_MAX_AGE = timedelta(seconds=-1)
    assert client.post(path).status_code == 400
    settings.NEWSLETTER_CONFIRM_MAX_AGE = timedelta(days=3)
    assert client.post(path[:-3] + "xx/").status_code == 400
    manage = tokens.make(subscriber, tokens.MANAGE)  # a preferences link does not confirm
    assert client.post(reverse("newsletter:confirm", args=[manage])).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert client.post(path).status_code == 302


def test_the_signup_form_seam_records_its_source(subscribe_and_mail):
    subscriber = subscribe_and_mail("journalist@example.org", language="en", source="signup")
    assert subscriber.consents.get().source == Consent.Source.SIGNUP
    [message] = mail.outbox
    assert "Confirm your subscription" in message.subject


def test_footer_form_is_on_every_page(client, home_pages):
    for language in ("fr", "en"):
        page = client.get(f"/{language}/").content.decode()
        assert 'name="source" value="footer"' in page
        assert f'action="/{language}/newsletter/"' in page


def test_too_many_attempts_from_one_connection_are_refused(client, settings):
    from subscriptions.newsletter.views import SUBSCRIBE_ATTEMPTS_PER_HOUR

    url = "/fr/newsletter/"
    for number in range(SUBSCRIBE_ATTEMPTS_PER_HOUR):
        client.post(url, {"email": f"r{number}@example.org", "language": "fr"})
    response = client.post(url, {"email": "one-more@example.org", "language": "fr"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()


def test_topics_are_offered_in_the_pages_language_only_when_there_are_some(client, news_site):
    page = client.get("/en/newsletter/").content.decode()
    assert ">Climate<" in page and ">Health<" in page and ">Climat<" not in page
    news_site["topics"]["climate"].get_translations(inclusive=True).delete()
    news_site["topics"]["health"].get_translations(inclusive=True).delete()
    assert 'name="topics"' not in client.get("/fr/newsletter/").content.decode()
