"""Log in and out, remember me, the return to where the user came from, and the profile."""

import json

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from .conftest import GOOD_PASSWORD, NEW_PASSWORD, last_code

LOGIN = "/en/accounts/login/"


def log_in(client, email, password=GOOD_PASSWORD, next_url=None, remember=False):
    data = {"login": email, "password": password}
    if remember:
        data["remember"] = "on"
    url = LOGIN
    if next_url:
        data["next"] = next_url
        url = f"{LOGIN}?next={next_url}"
    return client.post(url, data)


def test_log_in_returns_to_the_page_the_user_came_from(client, user):
    response = log_in(client, user.email, next_url="/en/news/")
    assert response.status_code == 302 and response["Location"] == "/en/news/"


def test_an_off_site_next_is_ignored_at_log_in(client, user):
    for evil in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        client.logout()
        response = log_in(client, user.email, next_url=evil)
        assert response.status_code == 302 and "evil" not in response["Location"]
        assert "javascript" not in response["Location"]


def test_a_wrong_password_or_unknown_address_get_the_same_error(client, user):
    wrong = log_in(client, user.email, password="Wrong#Password1")
    unknown = log_in(client, "nobody@example.org", password="Wrong#Password1")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors


def test_failed_log_ins_are_limited_per_address(client, user):
    for _ in range(5):
        log_in(Client(), user.email, password="Wrong#Password1")
    response = log_in(client, user.email)  # even the right password must wait
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_remember_me_keeps_the_session_after_the_browser_closes(client, user):
    log_in(client, user.email, remember=False)
    assert client.session.get_expire_at_browser_close()
    other = Client()
    log_in(other, user.email, remember=True)
    assert not other.session.get_expire_at_browser_close()


def test_the_nav_offers_log_in_with_the_current_page_then_my_account(client, user, home_pages):
    page = client.get("/en/").content.decode()
    assert 'href="/en/accounts/login/?next=%2Fen%2F">Log in</a>' in page
    client.force_login(user)
    page = client.get("/en/").content.decode()
    assert 'href="/en/accounts/profile/">My account</a>' in page
    page = client.get("/fr/").content.decode()
    assert "Mon compte" in page


def test_log_out_is_a_post_and_ends_the_session(client, user):
    client.force_login(user)
    assert client.get("/en/accounts/logout/").status_code == 200  # a confirmation, not a logout
    assert client.get("/en/accounts/profile/").status_code == 200
    response = client.post("/en/accounts/logout/", {"next": "/en/news/"})
    assert response["Location"] == "/en/news/"
    assert client.get("/en/accounts/profile/").status_code == 302


def test_the_profile_changes_name_organisation_and_language(client, user):
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "organisation": "Analytical Weekly",
            "country": "GB",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.last_name, user.organisation, user.language) == (
        "Lovelace",
        "Analytical Weekly",
        "fr",
    )
    assert "Your profile has been saved." in client.get(response["Location"]).content.decode()


def test_a_bad_profile_is_explained_and_nothing_saved(client, user):
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/", {"first_name": "Ada", "country": "XX", "language": "de"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"country", "language"}
    user.refresh_from_db()
    assert user.language == "en"


def test_the_profile_needs_a_log_in(client, db):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/accounts/profile/")


def test_a_new_e_mail_address_is_used_only_once_verified_by_code(client, user):
    client.force_login(user)
    response = client.post("/en/accounts/email/", {"action_add": "", "email": "ada@new.example"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["ada@new.example"]
    user.refresh_from_db()
    assert user.email == "reporter@example.org"  # not yet
    response = client.post("/en/accounts/confirm-email/", {"code": last_code()})
    user.refresh_from_db()
    assert user.email == "ada@new.example"
    assert EmailAddress.objects.get(user=user, primary=True).email == "ada@new.example"
    assert not EmailAddress.objects.filter(email="reporter@example.org").exists()


def test_the_password_change_applies_the_rules_and_keeps_this_session(client, user):
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": GOOD_PASSWORD, "password1": "alllowercase#12", "password2": "x"},
    )
    assert "one upper-case letter" in response.content.decode()
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": GOOD_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 200
    assert "password" in mail.outbox[-1].subject.lower()  # the owner is told


def test_download_my_data_gives_everything_as_json(client, user):
    client.force_login(user)
    response = client.get("/en/accounts/profile/data/")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["email_addresses"] == [
        {"email": user.email, "verified": True, "primary": True}
    ]


def test_delete_my_account_needs_the_password(client, user):
    client.force_login(user)
    response = client.post("/en/accounts/profile/delete/", {"password": "Wrong#Password1"})
    assert response.status_code == 200
    assert "This is not your current password." in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()
    response = client.post("/en/accounts/profile/delete/", {"password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert client.get("/en/accounts/profile/").status_code == 302


def test_without_next_log_in_and_out_land_on_the_home_page_of_the_language(client, user):
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": GOOD_PASSWORD})
    assert response["Location"] == "/fr/"
    assert client.post("/en/accounts/logout/")["Location"] == "/en/"


@override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip"})
def test_log_in_attempts_are_limited_per_ip_with_a_clear_page(client, user):
    for _ in range(2):
        log_in(client, "someone@example.org", password="Wrong#Password1")
    response = log_in(client, user.email)
    assert response.status_code == 429
    assert "You have made too many attempts in a short time." in response.content.decode()


def test_an_unconfirmed_staff_member_is_told_the_same_as_the_download_views_say(client, make_user):
    """One rule decides who may download: the profile page and the download views agree. A
    staff account whose address is not confirmed is refused by the views, so the profile must
    not tell it "you can download" (it used to: staff were always allowed there)."""
    from media_library.downloads import rules

    staff = make_user(email="press-officer@example.org", verified=False, is_staff=True)
    client.force_login(staff)
    profile = client.get("/en/accounts/profile/").content.decode()
    assert "you can download media" not in profile
    assert "Confirm your e-mail address to download media." in profile
    assert not rules.can_download(staff)

    EmailAddress.objects.filter(user=staff).update(verified=True)
    profile = client.get("/en/accounts/profile/").content.decode()
    assert "Your e-mail address is confirmed: you can download media." in profile
    assert rules.can_download(staff)
