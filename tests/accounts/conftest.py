"""Account test fixtures: people with accounts, the mail outbox, a clean rate-limit cache."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

GOOD_PASSWORD = "Correct-Horse-42"
NEW_PASSWORD = "Fresh#Battery9x"
CODE_PATTERN = re.compile(r"\b[B-DF-HJ-NP-TV-XZ]{3}-[B-DF-HJ-NP-TV-XZ]{3}\b")


@pytest.fixture(autouse=True)
def _anymail_outbox(settings):
    """Django's test set-up swaps EMAIL_BACKEND for locmem: put Anymail's test backend back, so
    the messages go through Anymail (and still land in django.core.mail.outbox)."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    mail.outbox = []


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's rate limits live in the cache (Redis): each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db, django_user_model):
    def make(email="reporter@example.org", password=GOOD_PASSWORD, verified=True, **fields):
        fields.setdefault("first_name", "Ada")
        fields.setdefault("last_name", "Reporter")
        fields.setdefault("language", "en")
        user = django_user_model.objects.create_user(email=email, password=password, **fields)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
        return user

    return make


@pytest.fixture
def user(make_user):
    return make_user()


def code_in(message):
    """The code of an e-mail (subject and body must both carry it)."""
    subject_code = CODE_PATTERN.search(message.subject)
    body_code = CODE_PATTERN.search(message.body)
    assert subject_code and body_code, (message.subject, message.body)
    assert subject_code[0] == body_code[0]
    return body_code[0]


def last_code():
    return code_in(mail.outbox[-1])
