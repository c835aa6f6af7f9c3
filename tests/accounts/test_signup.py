"""Sign-up: the portal's fields, verification by code before downloads, no enumeration."""

from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings

from media_library.downloads.rules import can_download, has_accepted_terms

from .conftest import GOOD_PASSWORD, last_code

SIGNUP = "/en/accounts/signup/"
VERIFY = "/en/accounts/confirm-email/"


def signup_data(**changes):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.org",
        "organisation": "The Daily Compiler",
        "country": "CA",
        "language": "fr",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "accept_terms": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def sign_up(client, next_url="/en/", **changes):
    return client.post(
        f"{SIGNUP}?{urlencode({'next': next_url})}", {**signup_data(**changes), "next": next_url}
    )


def test_the_form_asks_for_everything_in_order(client, db):
    page = client.get(SIGNUP).content.decode()
    names = [
        "first_name",
        "last_name",
        "email",
        "organisation",
        "country",
        "language",
        "password1",
        "password2",
        "accept_terms",
        "newsletter",
    ]
    positions = [page.index(f'name="{name}"') for name in names]
    assert positions == sorted(positions)
    assert '<option value="FR">France</option>' in page  # countries from django-countries
    assert 'data-rule="password_no_symbol"' in page  # the rules listed for the live checks


def test_sign_up_then_verify_by_code_then_download(client, db):
    response = sign_up(client, next_url="/en/news/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    user = get_user_model().objects.get(email="grace@example.org")
    assert (user.first_name, user.organisation, user.country.code, user.language) == (
        "Grace",
        "The Daily Compiler",
        "CA",
        "fr",
    )
    assert has_accepted_terms(user)  # the one record the download panel reads too
    assert not can_download(user)

    message = mail.outbox[-1]
    assert message.to == ["grace@example.org"]
    assert "confirmation" in message.subject  # French: the language chosen in the form
    assert message.alternatives and last_code() in message.alternatives[0][0]
    assert hasattr(message, "anymail_test_params")

    stored = client.session["account_email_verification_code"]["code"]
    assert stored.startswith("hmac-sha256:") and last_code() not in stored

    response = client.post(response["Location"], {"code": "BCD-FGH"})
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    response = client.post(VERIFY, {"code": last_code()})
    assert response.status_code == 302 and response["Location"] == "/en/news/"
    assert EmailAddress.objects.get(user=user).verified
    assert can_download(get_user_model().objects.get(pk=user.pk))
    assert client.get("/en/accounts/profile/").status_code == 200  # logged in


def test_verification_can_send_a_new_code(client, db):
    sign_up(client)
    first = last_code()
    assert "You can ask for a new code in 1 minute." in client.get(VERIFY).content.decode()
    response = client.post(VERIFY, {"action": "resend"})  # too early: the wait is shown
    assert "Please wait 1 minute" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    from django.core.cache import cache

    cache.clear()  # a minute later, as far as allauth's limit on verification e-mails knows
    client.post(VERIFY, {"action": "resend"})
    second = last_code()
    assert second != first and len(mail.outbox) == 2
    assert client.post(VERIFY, {"code": first}).status_code == 200
    assert client.post(VERIFY, {"code": second}).status_code == 302


def test_missing_terms_and_weak_password_are_explained_and_nothing_is_lost(client, db):
    response = sign_up(client, accept_terms=None, password1="weak", password2="weak")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please accept the terms of use to create an account." in page
    assert "at least 12 characters" in page and "one symbol" in page
    assert 'value="The Daily Compiler"' in page and 'value="grace@example.org"' in page
    assert not get_user_model().objects.exists() and not mail.outbox


def test_an_existing_address_gets_the_same_answer_and_its_owner_an_e_mail(client, user):
    response = sign_up(client, email=user.email)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    fresh = sign_up(client.__class__(), email="new@example.org")
    assert fresh["Location"] == response["Location"]
    assert get_user_model().objects.filter(email=user.email).count() == 1
    assert mail.outbox[0].to == [user.email]
    assert "already" in mail.outbox[0].body.lower() or "déjà" in mail.outbox[0].body


@pytest.mark.parametrize("ticked", [True, False])
def test_the_newsletter_box_is_kept_and_starts_the_opt_in(client, db, monkeypatch, ticked):
    calls = []
    monkeypatch.setattr(
        "subscriptions.accounts.newsletter.request_subscription", lambda user: calls.append(user)
    )
    sign_up(client, newsletter="on" if ticked else None)
    user = get_user_model().objects.get(email="grace@example.org")
    assert user.newsletter_requested is ticked
    assert calls == ([user] if ticked else [])


def test_the_newsletter_seam_calls_the_newsletter_service(db, monkeypatch):
    from subscriptions.accounts.newsletter import request_subscription

    seen = []
    monkeypatch.setattr(
        "subscriptions.newsletter.service.subscribe",
        lambda email, language, topics=(), source="": seen.append((email, language, source)),
    )
    user = get_user_model()(email="x@example.org", language="en")
    assert request_subscription(user) is True
    assert seen == [("x@example.org", "en", "signup")]


def test_an_unverified_account_cannot_download_until_its_code_is_entered(make_user):
    assert not can_download(make_user(email="new@example.org", verified=False))
    assert can_download(make_user(email="ok@example.org", verified=True))
    from django.contrib.auth.models import AnonymousUser

    assert not can_download(AnonymousUser())


@override_settings(ACCOUNT_RATE_LIMITS={"confirm_email_code": "20/m/ip,2/15m/key"})
def test_verification_code_attempts_are_limited_per_address(client, db):
    sign_up(client)
    client.post(VERIFY, {"code": "BCD-FGH"})
    client.post(VERIFY, {"code": "BCD-FGH"})
    response = client.post(VERIFY, {"code": last_code()})  # even the right code waits
    assert response.status_code == 200
    assert "Too many requests. Please try again in 15 minutes." in response.content.decode()
    assert not EmailAddress.objects.get(email="grace@example.org").verified


def test_no_plain_code_is_kept_even_for_an_existing_address(client, user):
    sign_up(client, email=user.email)
    stored = client.session["account_email_verification_code"]["code"]
    assert stored.startswith("hmac-sha256:")
