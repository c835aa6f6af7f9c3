"""Staff accounts: the admin's log-in is throttled like the public's, its password reset is the
public's e-mailed code, and administrators' passwords follow the password policy."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .conftest import CODE_PATTERN, NEW_PASSWORD, last_code

STAFF_PASSWORD = "Staff#Password42"
ADMIN_LOGIN = "/admin/login/"
ADMIN_RESET = "/admin/password_reset/"
PUBLIC_RESET = "/en/accounts/password/reset/?next=%2Fadmin%2Flogin%2F"
TOO_MANY = {
    "en": "Too many failed login attempts",
    "fr": "Trop de tentatives de connexion échouées",
}


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser(
        email="press.officer@example.org", password=STAFF_PASSWORD
    )


def admin_login(client, email, password, ip="203.0.113.5", language="en"):
    return client.post(
        ADMIN_LOGIN,
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def test_the_right_password_still_logs_in_after_a_few_wrong_ones(client, staff):
    for attempt in range(3):
        admin_login(client, staff.email, f"wrong-{attempt}")
    response = admin_login(client, staff.email, STAFF_PASSWORD)
    assert response.status_code == 302 and logged_in(client)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_forty_wrong_passwords_then_the_right_one_is_refused(client, staff, language):
    for attempt in range(40):
        response = admin_login(client, staff.email, f"wrong-{attempt}", language=language)
        assert response.status_code == 200 and not logged_in(client)
    response = admin_login(client, staff.email, STAFF_PASSWORD, language=language)
    assert not logged_in(client)
    assert TOO_MANY[language] in response.content.decode()


def test_the_account_is_throttled_whatever_the_address_the_attempts_come_from(client, staff):
    for attempt in range(40):
        admin_login(client, staff.email, f"wrong-{attempt}", ip=f"198.51.100.{attempt + 1}")
    response = admin_login(client, staff.email, STAFF_PASSWORD, ip="192.0.2.200")
    assert not logged_in(client)
    assert TOO_MANY["en"] in response.content.decode()


def test_one_client_trying_many_accounts_is_throttled(client, staff):
    for attempt in range(40):
        admin_login(client, f"someone{attempt}@example.org", "wrong-password")
    response = admin_login(client, staff.email, STAFF_PASSWORD)
    assert not logged_in(client)
    assert TOO_MANY["en"] in response.content.decode()
    # Another client is not held back by that one.
    other = Client()
    admin_login(other, staff.email, STAFF_PASSWORD, ip="192.0.2.77")
    assert logged_in(other)


def test_django_admin_login_leads_to_the_throttled_admin_login(client, db):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=%2Fdjango-admin%2F"


def test_wagtails_private_page_login_leads_to_the_public_login(client, db):
    response = client.get("/en/_util/login/?next=/en/news/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Fnews%2F"


def test_the_admin_reset_is_the_public_reset_by_code(client, staff):
    page = client.get(ADMIN_LOGIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{ADMIN_RESET}"' in page  # Wagtail's "Forgotten password?" link
    response = client.get(ADMIN_RESET, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == PUBLIC_RESET
    french = client.get(ADMIN_RESET, HTTP_ACCEPT_LANGUAGE="fr")
    assert french["Location"] == "/fr/accounts/password/reset/?next=%2Fadmin%2Flogin%2F"


def test_ten_reset_requests_send_one_code_and_no_link(client, staff):
    for _ in range(10):  # the old admin form, posted to: nothing is sent from there any more
        response = client.post(ADMIN_RESET, {"email": staff.email}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 302 and response["Location"] == PUBLIC_RESET
    for _ in range(10):  # the page it leads to: one code a minute per address
        client.post(PUBLIC_RESET, {"email": staff.email, "next": ADMIN_LOGIN})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert CODE_PATTERN.search(message.body)
    assert "/password_reset/confirm/" not in message.body and "http" not in message.body

    response = client.post(
        "/en/accounts/password/reset/confirm/?next=%2Fadmin%2Flogin%2F",
        {"code": last_code(), "next": ADMIN_LOGIN},
    )
    assert response.status_code == 302
    response = client.post(
        "/en/accounts/password/reset/complete/?next=%2Fadmin%2Flogin%2F",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "next": ADMIN_LOGIN},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f'href="{ADMIN_LOGIN}"' in page  # the button returns to the admin's log-in
    response = admin_login(Client(), staff.email, NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_three_day_reset_link_no_longer_sets_a_password(client, staff):
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    token = default_token_generator.make_token(staff)
    link = f"{ADMIN_RESET}confirm/{uid}/{token}/"
    response = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == PUBLIC_RESET
    client.post(
        f"{ADMIN_RESET}confirm/{uid}/set-password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    staff.refresh_from_db()
    assert staff.check_password(STAFF_PASSWORD)


# --- Administrators' passwords -----------------------------------------------------------------


def test_createsuperuser_noinput_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "password")
    with pytest.raises(CommandError, match="12 (characters|caractères)"):
        call_command("createsuperuser", interactive=False, email="root@example.org")
    assert not get_user_model().objects.filter(email="root@example.org").exists()


def test_createsuperuser_noinput_accepts_a_strong_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STAFF_PASSWORD)
    call_command("createsuperuser", interactive=False, email="root@example.org", verbosity=0)
    assert get_user_model().objects.get(email="root@example.org").check_password(STAFF_PASSWORD)


def test_createsuperuser_cannot_bypass_the_policy(db, monkeypatch):
    """Django asks "Bypass password validation?"; answering yes no longer creates the account."""
    from django.contrib.auth.management.commands import createsuperuser

    answers = iter(["weakpassword", "weakpassword", "y"])
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="(upper-case letter|lettre majuscule)"):
        call_command("createsuperuser", email="boss@example.org", interactive=True, stdin=None)
    assert not get_user_model().objects.filter(email="boss@example.org").exists()


def test_ensure_admin_account_replaces_a_weak_kept_password(db, tmp_path, monkeypatch):
    from portal.management.commands import ensure_admin_account

    credentials = tmp_path / ".portal-admin"
    credentials.write_text("admin@example.org\nadmin\n")  # kept by an older set-up
    monkeypatch.setattr(ensure_admin_account, "CREDENTIALS_FILE", credentials)
    user = get_user_model().objects.create_user(
        email="admin@example.org", password="admin", is_staff=True, is_superuser=True
    )
    call_command("ensure_admin_account", stdout=open("/dev/null", "w"))
    email, password = credentials.read_text().split()
    assert email == user.email and password != "admin" and len(password) >= 12
    user.refresh_from_db()
    assert user.check_password(password) and not user.check_password("admin")


def test_ensure_admin_account_creates_an_administrator_within_the_policy(db, tmp_path, monkeypatch):
    from portal.management.commands import ensure_admin_account

    credentials = tmp_path / ".portal-admin"
    monkeypatch.setattr(ensure_admin_account, "CREDENTIALS_FILE", credentials)
    call_command("ensure_admin_account", email="chief@example.org", stdout=open("/dev/null", "w"))
    email, password = credentials.read_text().split()
    user = get_user_model().objects.get(email=email)
    assert user.is_superuser and user.check_password(password)
