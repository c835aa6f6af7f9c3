"""A reader subscribes from the footer, confirms through the e-mailed link, changes their
preferences and unsubscribes, in French and in English."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from subscriptions.models import Subscriber
from tests.newsletter import conftest as newsletter_fixtures

# The newsletter tests' fixtures: run the `mail` queue's jobs here; fresh rate-limit counters.
run_mail_jobs = newsletter_fixtures.run_mail_jobs
_fresh_rate_limits = newsletter_fixtures._fresh_rate_limits

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "email": "Your e-mail address",
        "subscribe": "Subscribe",
        "inbox": "Check your inbox",
        "confirm": "Confirm my subscription",
        "preferences": "Your newsletter preferences",
        "topic": "Health",
        "other_language": "Français",
        "save": "Save my preferences",
        "saved": "Your preferences are saved.",
        "unsubscribe": "Unsubscribe",
        "unsubscribed": "You are unsubscribed",
    },
    "fr": {
        "email": "Votre adresse e-mail",
        "subscribe": "S’abonner",
        "inbox": "Consultez votre messagerie",
        "confirm": "Confirmer mon abonnement",
        "preferences": "Vos préférences pour la lettre d’information",
        "topic": "Santé",
        "other_language": "English",
        "save": "Enregistrer mes préférences",
        "saved": "Vos préférences sont enregistrées.",
        "unsubscribe": "Se désabonner",
        "unsubscribed": "Vous êtes désabonné",
    },
}


@pytest.fixture
def site_ready(transactional_db, django_capture_on_commit_callbacks):
    from wagtail.models import Locale

    from news.models import Topic
    from portal.demo.home import ensure_home_pages
    from portal.demo.translation import translate

    ensure_home_pages()
    with django_capture_on_commit_callbacks(execute=True):
        health = Topic.objects.create(
            locale=Locale.objects.get(language_code="fr"), slug="sante", name="Santé"
        )
        translate(
            health, Locale.objects.get(language_code="en"), {"Santé": "Health", "sante": "health"}
        )


@pytest.mark.parametrize(("language", "browser_locale"), [("en", "en-GB"), ("fr", "fr-FR")])
def test_subscribe_confirm_change_preferences_and_unsubscribe(
    site_ready, live_server, open_page, assert_accessible, run_mail_jobs, language, browser_locale
):
    words = WORDS[language]
    address = f"reader-{language}@example.org"
    page = open_page(locale=browser_locale)
    page.goto(f"{live_server.url}/{language}/")

    footer = page.get_by_role("contentinfo")
    footer.get_by_label(words["email"]).fill(address)
    footer.get_by_role("button", name=words["subscribe"]).click()
    page.get_by_role("heading", name=words["inbox"]).wait_for()
    assert_accessible(page)
    assert Subscriber.objects.get(email=address).status == Subscriber.Status.PENDING

    run_mail_jobs()
    [message] = [m for m in mail.outbox if address in m.to]
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body).group(0)
    page.goto(live_server.url + urlparse(link).path)
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name=words["confirm"]).click()
    page.get_by_role("heading", name=words["preferences"]).wait_for()
    assert_accessible(page)
    assert Subscriber.objects.get(email=address).status == Subscriber.Status.SUBSCRIBED

    main = page.get_by_role("main")
    main.get_by_label(words["other_language"]).check()
    main.get_by_label(words["topic"]).check()
    main.get_by_role("button", name=words["save"]).click()
    page.get_by_text(words["saved"]).wait_for()
    subscriber = Subscriber.objects.get(email=address)
    assert subscriber.language == ("fr" if language == "en" else "en")
    assert [topic.slug for topic in subscriber.topics.all()] == [
        "health" if language == "en" else "sante"
    ]
    assert_accessible(page)

    main.get_by_role("button", name=words["unsubscribe"]).click()
    page.get_by_role("heading", name=words["unsubscribed"]).wait_for()
    assert_accessible(page)
    assert Subscriber.objects.get(email=address).status == Subscriber.Status.UNSUBSCRIBED
