"""Account journeys in the browser, in each language: the password reset by code that returns
to the page where it began, and sign-up with its e-mail verification code. axe checks each page.

The live server runs in this process, so the e-mails Anymail's test backend captures are read
from django.core.mail.outbox."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True)

CODE = re.compile(r"\b[B-DF-HJ-NP-TV-XZ]{3}-[B-DF-HJ-NP-TV-XZ]{3}\b")
OLD_PASSWORD = "Correct-Horse-42"
NEW_PASSWORD = "Fresh#Battery9x"

WORDS = {
    "en": {
        "log_in": "Log in",
        "forgot": "Forgot your password?",
        "send_code": "Send me a code",
        "resend": "Send a new code.",
        "wait": "Please wait",
        "continue": "Continue",
        "save": "Save my new password",
        "return": "Return to the page you were on",
        "account": "My account",
        "digit_rule": "At least one digit",
        "summary": "6 of 6 password rules met.",
        "create": "Create my account",
        "confirm": "Confirm",
        "change_email": "Change my e-mail address",
    },
    "fr": {
        "log_in": "Se connecter",
        "forgot": "Mot de passe oublié ?",
        "send_code": "M'envoyer un code",
        "resend": "Envoyer un nouveau code.",
        "wait": "Veuillez patienter",
        "continue": "Continuer",
        "save": "Enregistrer mon nouveau mot de passe",
        "return": "Revenir à la page où vous étiez",
        "account": "Mon compte",
        "digit_rule": "Au moins un chiffre",
        "summary": "6 règles du mot de passe respectées sur 6.",
        "create": "Créer mon compte",
        "confirm": "Confirmer",
        "change_email": "Changer mon adresse e-mail",
    },
}


@pytest.fixture
def site_ready(transactional_db, settings):
    from django.core.cache import cache

    from portal.demo.home import ensure_home_pages

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    mail.outbox = []
    cache.clear()  # allauth's rate limits
    return ensure_home_pages()


def latest_code(to):
    message = [m for m in mail.outbox if m.to == [to]][-1]
    assert hasattr(message, "anymail_test_params")
    return CODE.search(message.subject)[0]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_forgot_password_from_a_page_returns_to_it_and_logs_in(
    site_ready, live_server, open_page, assert_accessible, django_user_model, language
):
    from allauth.account.models import EmailAddress

    words = WORDS[language]
    email = f"reporter-{language}@example.org"
    user = django_user_model.objects.create_user(
        email=email, password=OLD_PASSWORD, language=language
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    start = f"{live_server.url}/{language}/"

    page = open_page(locale="fr-FR" if language == "fr" else "en-GB")
    page.goto(start)
    page.get_by_role("navigation", name="Main" if language == "en" else "Principale").get_by_role(
        "link", name=words["log_in"]
    ).click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert_accessible(page)

    page.get_by_role("link", name=words["forgot"]).click()
    page.wait_for_url(re.compile(r"/accounts/password/reset/\?next="))
    assert_accessible(page)
    page.locator("#id_email").fill(email)
    page.get_by_role("button", name=words["send_code"]).click()
    page.wait_for_url(re.compile(r"/accounts/password/reset/confirm/\?next="))
    assert_accessible(page)
    first_code = latest_code(email)

    # "Send a new code" right away: refused, and the page says how long to wait.
    page.get_by_role("button", name=words["resend"]).click()
    page.wait_for_load_state()
    assert page.get_by_text(words["wait"]).first.is_visible()
    assert latest_code(email) == first_code

    page.locator("#id_code").fill(first_code.lower().replace("-", ""))
    page.get_by_role("button", name=words["continue"]).click()
    page.wait_for_url(re.compile(r"/accounts/password/reset/complete/\?next="))

    # The rules are ticked off while typing, and a summary is announced.
    digit_rule = page.locator("[data-rule=password_no_digit]")
    assert words["digit_rule"] in digit_rule.inner_text()
    page.locator("#id_password1").press_sequentially("Fresh#Battery")
    assert "is-met" not in (digit_rule.get_attribute("class") or "")
    page.locator("#id_password1").press_sequentially("9x")
    assert "is-met" in digit_rule.get_attribute("class")
    summary = page.locator("[data-password-rules-summary]")
    summary.filter(has_text=words["summary"]).wait_for(state="attached")
    assert summary.get_attribute("aria-live") == "polite"
    page.locator("#id_password2").fill(NEW_PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_url(re.compile(r"/accounts/password/reset/done/\?next="))
    assert_accessible(page)

    page.get_by_role("link", name=words["return"]).click()
    page.wait_for_url(start)

    page.get_by_role("link", name=words["log_in"]).click()
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("form").get_by_role("button", name=words["log_in"]).click()
    page.wait_for_url(start)
    assert page.get_by_role("link", name=words["account"]).is_visible()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_sign_up_and_confirm_the_address_with_the_e_mailed_code(
    site_ready, live_server, open_page, assert_accessible, django_user_model, language
):
    words = WORDS[language]
    email = f"new-{language}@example.org"
    page = open_page(locale="fr-FR" if language == "fr" else "en-GB")
    page.goto(f"{live_server.url}/{language}/accounts/signup/?next=/{language}/")
    assert_accessible(page)
    page.locator("#id_first_name").fill("Grace")
    page.locator("#id_last_name").fill("Hopper")
    page.locator("#id_email").fill(email)
    page.locator("#id_organisation").fill("The Daily Compiler")
    page.locator("#id_country").select_option("CA")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name=words["create"]).click()
    # Terms not accepted: explained, and what was typed is still there.
    page.locator(".field--invalid #id_accept_terms").wait_for()
    assert page.locator("#id_organisation").input_value() == "The Daily Compiler"
    assert_accessible(page)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("#id_accept_terms").check()
    page.get_by_role("button", name=words["create"]).click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    assert_accessible(page)
    page.locator("#id_code").fill(latest_code(email))
    page.get_by_role("button", name=words["confirm"], exact=True).click()
    page.wait_for_url(f"{live_server.url}/{language}/")
    page.get_by_role("link", name=words["account"]).click()
    page.wait_for_url(re.compile(r"/accounts/profile/"))
    assert_accessible(page)
    page.get_by_role("link", name=words["change_email"]).click()
    page.wait_for_url(re.compile(r"/accounts/email/"))
    assert_accessible(page)
    assert django_user_model.objects.get(email=email).organisation == "The Daily Compiler"
