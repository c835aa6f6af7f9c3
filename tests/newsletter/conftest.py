"""Fixtures of the newsletter tests: subscribers, issues, the fake ESP, running mail jobs."""

import django_rq
import pytest
from django.core import mail

from subscriptions.models import NewsletterIssue, Subscriber
from subscriptions.newsletter import tokens

from .fake_esp import FakeMailgun

WEBHOOK_SECRET = "tracker:s3cret-for-tests"
SIGNING_KEY = "mailgun-signing-key-for-tests"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache (this test run's own Redis database)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def run_mail_jobs():
    """Run the jobs waiting on the real `mail` queue, here, in this process."""

    def run():
        queue = django_rq.get_queue("mail")
        done = []
        while job_ids := queue.get_job_ids():
            job = queue.fetch_job(job_ids[0])
            queue.remove(job_ids[0])
            done.append(job.perform())
        return done

    django_rq.get_queue("mail").empty()
    return run


@pytest.fixture
def subscribe_and_mail(django_capture_on_commit_callbacks, run_mail_jobs):
    """Call the service as a form does, then run the mail job it queued."""
    from subscriptions.newsletter import service

    def call(email, language="fr", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            subscriber = service.subscribe(email, language, **kwargs)
        run_mail_jobs()
        return subscriber

    return call


def make_subscribers(count, language="fr", status=Subscriber.Status.SUBSCRIBED, prefix="reader"):
    return Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"{prefix}{number}@example.org", language=language, status=status)
            for number in range(count)
        ]
    )


@pytest.fixture
def issue_factory(home_pages):
    from wagtail.models import Locale

    def make(language="fr", subject="Le point de la semaine", **fields):
        issue = NewsletterIssue(
            locale=Locale.objects.get(language_code=language),
            subject=subject,
            introduction=fields.pop("introduction", "Trois nouvelles cette semaine."),
            items=fields.pop(
                "items",
                [
                    (
                        "link",
                        {
                            "title": "Rapport annuel",
                            "summary": "Les chiffres de l'année.",
                            "url": "https://example.org/rapport",
                        },
                    )
                ],
            ),
            **fields,
        )
        issue.save()
        issue.save_revision().publish()
        issue.refresh_from_db()
        return issue

    return make


@pytest.fixture
def fake_mailgun(settings):
    with FakeMailgun() as fake:
        settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
        settings.ANYMAIL = fake.anymail_settings(
            WEBHOOK_SECRET=WEBHOOK_SECRET, MAILGUN_WEBHOOK_SIGNING_KEY=SIGNING_KEY
        )
        yield fake


def manage_token(subscriber, delivery_id=None):
    return tokens.make(subscriber, tokens.MANAGE, delivery_id=delivery_id)


def outbox_for(email):
    return [message for message in mail.outbox if email in message.to]


# The news app's own fixtures: its index pages, two translated topics, a release factory.
from tests.news.conftest import make_release, news_site  # noqa: E402, F401
