"""Subscription and account e-mails: plain text without HTML entities, from a sender named in
the e-mail's language."""

import pytest
from django.contrib.auth import get_user_model

from subscriptions.models import Subscriber
from subscriptions.newsletter.emails import subscription_message

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "sender"),
    [("fr", "Service de presse <press@localhost>"), ("en", "Press office <press@localhost>")],
)
@pytest.mark.parametrize("kind", ["confirm", "already-subscribed"])
def test_subscription_mails_are_plain_text_from_a_sender_in_their_language(language, sender, kind):
    subscriber = Subscriber.objects.create(email="o'brien@example.org", language=language)
    message = subscription_message(subscriber, kind)
    assert message.from_email == sender
    assert "&#" not in message.body + message.subject
    assert "&amp;" not in message.body and "&quot;" not in message.body


def test_account_codes_come_in_the_accounts_language_from_a_sender_in_it(client, mailoutbox):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        email="desk@example.org", password="a long enough password", language="fr"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/en/accounts/password/reset/", {"email": "desk@example.org"})
    (message,) = mailoutbox
    assert message.from_email == "Service de presse <press@localhost>"
    assert message.subject.endswith("est votre code de réinitialisation du mot de passe")
