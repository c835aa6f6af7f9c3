"""Deployment safety and demo content of the newsletter."""

import pytest

from subscriptions.models import NewsletterIssue
from subscriptions.newsletter.checks import webhook_secret_is_set


def test_an_esp_without_webhook_secret_fails_the_deploy_check(settings):
    settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
    settings.ANYMAIL = {"MAILGUN_API_KEY": "key"}
    assert [error.id for error in webhook_secret_is_set(None)] == ["newsletter.E001"]
    settings.ANYMAIL = {"MAILGUN_API_KEY": "key", "WEBHOOK_SECRET": "user:pass"}
    assert webhook_secret_is_set(None) == []


def test_the_console_backend_needs_no_webhook_secret(settings):
    settings.EMAIL_BACKEND = "anymail.backends.console.EmailBackend"
    settings.ANYMAIL = {}
    assert webhook_secret_is_set(None) == []


@pytest.mark.django_db
def test_demo_issue_is_loaded_once_in_both_languages(django_capture_on_commit_callbacks):
    from portal.demo import newsletter

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            newsletter.load()
    issues = NewsletterIssue.objects.order_by("locale__language_code")
    assert [issue.locale.language_code for issue in issues] == ["en", "fr"]
    assert issues[0].subject == "The press office letter: the month in brief"
    assert all(issue.live for issue in issues)
