"""Password reset by e-mailed code: the journey, every bad input, and its security promises."""

import time
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from .conftest import GOOD_PASSWORD, NEW_PASSWORD, last_code

RESET = "/en/accounts/password/reset/"
CODE = "/en/accounts/password/reset/confirm/"
NEW = "/en/accounts/password/reset/complete/"
DONE = "/en/accounts/password/reset/done/"
SESSION_KEY = "account_password_reset_verification"


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}"


def request_code(client, email, next_url="/en/"):
    return client.post(with_next(RESET, next_url), {"email": email, "next": next_url})


def enter_code(client, code, next_url="/en/"):
    return client.post(with_next(CODE, next_url), {"code": code, "next": next_url})


def set_password(client, password, next_url="/en/"):
    return client.post(
        with_next(NEW, next_url),
        {"password1": password, "password2": password, "next": next_url},
    )


def password_works(email, password):
    return Client().login(username=email, password=password)


def test_the_whole_journey_returns_to_the_page_where_it_began(client, user):
    start = "/en/news/?page=2"
    response = client.get(with_next("/en/accounts/login/", start))
    assert f'href="{RESET}?next=%2Fen%2Fnews%2F%3Fpage%3D2"' in response.content.decode()

    response = request_code(client, user.email, start)
    assert response.status_code == 302
    assert response["Location"] == f"{CODE}?next=%2Fen%2Fnews%2F%3Fpage%3D2"
    page = client.get(response["Location"]).content.decode()
    assert "Enter your code" in page and user.email in page

    response = enter_code(client, last_code(), start)
    assert response["Location"] == f"{NEW}?next=%2Fen%2Fnews%2F%3Fpage%3D2"
    page = client.get(response["Location"]).content.decode()
    assert "At least 12 characters" in page  # the rules are listed under the new password

    response = set_password(client, NEW_PASSWORD, start)
    assert response["Location"] == f"{DONE}?next=%2Fen%2Fnews%2F%3Fpage%3D2"
    page = client.get(response["Location"]).content.decode()
    assert f'class="button" href="{start}"' in page.replace("&amp;", "&")

    assert password_works(user.email, NEW_PASSWORD)
    assert not password_works(user.email, GOOD_PASSWORD)
    response = client.post(
        f"/en/accounts/login/?next={start}",
        {"login": user.email, "password": NEW_PASSWORD, "next": start},
    )
    assert response["Location"] == start


def test_the_code_e_mail_is_anymail_html_and_text_in_the_users_language(client, make_user):
    user = make_user(language="fr")
    request_code(client, user.email)  # from the English page
    message = mail.outbox[-1]
    assert hasattr(message, "anymail_test_params")  # sent through Anymail's backend
    code = last_code()
    assert message.subject.startswith(code)
    assert "réinitialisation" in message.subject  # French, the account's language
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and code in html and 'lang="fr"' in html
    assert message.to == [user.email]


def test_unknown_and_known_addresses_get_the_same_answer(client, user):
    known = request_code(client, user.email)
    known_page = client.get(known["Location"]).content.decode()

    other = Client()
    unknown = request_code(other, "nobody@example.org")
    unknown_page = other.get(unknown["Location"]).content.decode()

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    strip = lambda page, email: page.replace(email, "EMAIL").split('name="csrfmiddlewaretoken"')  # noqa: E731
    assert [part[80:] for part in strip(known_page, user.email)] == [
        part[80:] for part in strip(unknown_page, "nobody@example.org")
    ]
    # Each address gets one e-mail; the unknown one says there is no account, with no code.
    assert [m.to for m in mail.outbox] == [[user.email], ["nobody@example.org"]]
    assert "STV" not in mail.outbox[1].subject
    # Typing any code for the unknown address fails like a wrong code does.
    response = enter_code(other, "BCD-FGH")
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()


def test_a_wrong_code_is_refused_and_three_wrong_codes_end_the_process(client, user):
    request_code(client, user.email)
    code = last_code()
    for _ in range(2):
        response = enter_code(client, "BCD-FGH")
        assert response.status_code == 200
        assert "Incorrect code." in response.content.decode()
    response = enter_code(client, "BCD-FGH")
    assert response["Location"] == f"{RESET}?next=%2Fen%2F"
    page = client.get(response["Location"]).content.decode()
    assert "entered wrongly too many times" in page
    # The right code no longer helps: a new one is needed.
    response = enter_code(client, code)
    assert response["Location"].startswith(RESET)
    assert not password_works(user.email, NEW_PASSWORD)


@override_settings(ACCOUNT_PASSWORD_RESET_BY_CODE_MAX_ATTEMPTS=5)
def test_the_number_of_attempts_is_a_setting(client, user):
    request_code(client, user.email)
    for _ in range(4):
        assert enter_code(client, "BCD-FGH").status_code == 200
    assert enter_code(client, last_code())["Location"].startswith(NEW)


def test_the_code_accepts_lower_case_and_no_dash(client, user):
    request_code(client, user.email)
    typed = last_code().replace("-", "").lower()
    assert enter_code(client, f"  {typed} ")["Location"].startswith(NEW)


def test_an_expired_code_is_refused(client, user):
    request_code(client, user.email)
    session = client.session
    session[SESSION_KEY]["at"] = time.time() - 15 * 60 - 1
    session.save()
    response = enter_code(client, last_code())
    assert response["Location"].startswith(RESET)
    assert "no longer valid" in client.get(response["Location"]).content.decode()


@override_settings(ACCOUNT_PASSWORD_RESET_BY_CODE_TIMEOUT=30 * 60)
def test_the_lifetime_of_a_code_is_a_setting(client, user):
    request_code(client, user.email)
    session = client.session
    session[SESSION_KEY]["at"] = time.time() - 20 * 60
    session.save()
    assert enter_code(client, last_code())["Location"].startswith(NEW)


def test_a_used_code_cannot_be_used_again(client, user):
    request_code(client, user.email)
    code = last_code()
    enter_code(client, code)
    set_password(client, NEW_PASSWORD)
    response = enter_code(client, code)
    assert response["Location"].startswith(RESET)
    assert set_password(client, "Another#Pass123")["Location"].startswith(RESET)
    assert password_works(user.email, NEW_PASSWORD)


def test_only_a_hash_of_the_code_is_kept_in_the_session(client, user):
    request_code(client, user.email)
    code = last_code()
    stored = client.session[SESSION_KEY]["code"]
    assert stored.startswith("hmac-sha256:")
    assert code not in stored and code.replace("-", "") not in stored.upper()


def test_send_a_new_code_replaces_the_old_one_and_is_throttled(client, user):
    request_code(client, user.email)
    first = last_code()
    page = client.get(f"{CODE}?next=/en/").content.decode()
    assert "Send a new code." in page and "You can ask for a new code in 1 minute." in page

    # Too early: refused, with the wait shown, and no e-mail.
    response = client.post(f"{CODE}?next=/en/", {"action": "resend", "next": "/en/"})
    assert response["Location"] == f"{CODE}?next=%2Fen%2F"
    assert (
        "Please wait 1 minute before asking for a new code."
        in client.get(response["Location"]).content.decode()
    )
    assert len(mail.outbox) == 1

    # A minute later: a fresh code; the first one stops working.
    _forget_recent_requests(user.email)
    response = client.post(f"{CODE}?next=/en/", {"action": "resend", "next": "/en/"})
    assert "We have sent a new code" in client.get(response["Location"]).content.decode()
    second = last_code()
    assert len(mail.outbox) == 2 and second != first
    response = enter_code(client, first)
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    assert enter_code(client, second)["Location"].startswith(NEW)


def _forget_recent_requests(email):
    """Move allauth's record of the last code request for `email` a minute into the past."""
    from allauth.core.internal.ratelimit import get_cache_key, get_rates
    from django.core.cache import cache
    from django.test import RequestFactory

    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    for rate in get_rates(app="allauth.account", action="reset_password"):
        key = get_cache_key(
            request, app="allauth.account", action="reset_password", rate=rate, key=email
        )
        history = cache.get(key, [])
        cache.set(key, [hit - 61 for hit in history], rate.duration)
        if rate.per == "key" and rate.duration > 60:
            cache.set(key, history[1:], rate.duration)


def test_code_requests_are_limited_per_address_with_the_wait_shown(client, user):
    request_code(client, user.email)
    response = request_code(Client(), user.email)  # another browser, same address
    assert response.status_code == 200
    assert "Too many requests. Please try again in 1 minute." in response.content.decode()
    assert len(mail.outbox) == 1


def test_code_requests_are_limited_per_ip(client, db):
    for number in range(10):
        assert request_code(client, f"person{number}@example.org").status_code == 302
    response = request_code(client, "person10@example.org")
    assert response.status_code == 200 and "Too many requests" in response.content.decode()
    assert len(mail.outbox) == 10


@override_settings(ACCOUNT_RATE_LIMITS={"confirm_password_reset_code": "20/m/ip,2/15m/key"})
def test_code_attempts_are_limited_per_address(client, user):
    request_code(client, user.email)
    enter_code(client, "BCD-FGH")
    enter_code(client, "BCD-FGH")
    response = enter_code(client, last_code())  # even the right code waits
    assert response.status_code == 200
    assert "Too many requests. Please try again in 15 minutes." in response.content.decode()


def test_an_off_site_next_is_dropped(client, user):
    for evil in ("https://evil.example/", "//evil.example/", "http://testserver/en/"):
        request_code(client, user.email, evil)
        response = enter_code(client, last_code(), evil)
        assert "evil" not in response["Location"] and "testserver" not in response["Location"]
        set_password(client, NEW_PASSWORD, evil)
        page = client.get(with_next(DONE, evil)).content.decode()
        assert 'class="button" href="/en/"' in page
        assert 'value="https://evil' not in page and 'value="//evil' not in page
        client.logout()
        _forget_recent_requests(user.email)


def test_a_successful_reset_ends_the_other_sessions(client, user):
    elsewhere = Client()
    elsewhere.force_login(user)
    assert elsewhere.get("/en/accounts/profile/").status_code == 200
    request_code(client, user.email)
    enter_code(client, last_code())
    set_password(client, NEW_PASSWORD)
    response = elsewhere.get("/en/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short#1a", "at least 12 characters"),
        ("Has a space#123", "must not contain spaces"),
        ("nouppercase#123", "one upper-case letter"),
        ("NOLOWERCASE#123", "one lower-case letter"),
        ("NoDigitsHere#!", "one digit"),
        ("NoSymbolsHere123", "one symbol"),
    ],
)
def test_each_password_rule_is_enforced_on_reset(client, user, password, message):
    request_code(client, user.email)
    enter_code(client, last_code())
    response = set_password(client, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.get(pk=user.pk).check_password(GOOD_PASSWORD)


def test_the_french_journey_speaks_french(client, make_user):
    user = make_user(language="fr")
    response = client.post(
        "/fr/accounts/password/reset/?next=/fr/", {"email": user.email, "next": "/fr/"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Saisissez votre code" in page and "Envoyer un nouveau code." in page


def test_the_unknown_account_e_mail_has_a_working_html_link(client, db):
    request_code(client, "nobody@example.org")
    html = mail.outbox[-1].alternatives[0][0]
    assert '<a href="http://testserver/en/accounts/signup/"' in html


def test_skipping_the_code_step_leads_back_to_it_with_next(client, user):
    request_code(client, user.email, "/en/news/")
    response = set_password(client, NEW_PASSWORD, "/en/news/")
    assert response["Location"] == f"{CODE}?next=%2Fen%2Fnews%2F"
    assert not password_works(user.email, NEW_PASSWORD)
