"""Sending an issue through Anymail's real Mailgun backend to a fake Mailgun on 127.0.0.1."""

import pytest
from django.db import IntegrityError
from django.test import Client

from subscriptions.models import Delivery, Sending, Subscriber
from subscriptions.newsletter import sending

from .conftest import make_subscribers
from .fake_esp import FakeMailgun, FakeSendGrid

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience():
    make_subscribers(25, "fr")
    make_subscribers(3, "en", prefix="english")
    make_subscribers(2, "fr", status=Subscriber.Status.PENDING, prefix="pending")
    make_subscribers(2, "fr", status=Subscriber.Status.UNSUBSCRIBED, prefix="gone")


def send(issue, run_mail_jobs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sending.request(issue)
    return run_mail_jobs()


def test_an_issue_goes_in_batches_once_to_each_confirmed_subscriber_of_its_language(
    audience,
    issue_factory,
    fake_mailgun,
    settings,
    run_mail_jobs,
    django_capture_on_commit_callbacks,
):
    settings.NEWSLETTER_ESP_BATCH_SIZE = 10
    issue = issue_factory("fr")

    assert send(issue, run_mail_jobs, django_capture_on_commit_callbacks) == [25]

    assert len(fake_mailgun.calls) == 3  # 10 + 10 + 5 recipients: the ESP's batch sending
    recipients = fake_mailgun.recipients()
    assert len(recipients) == len(set(recipients)) == 25
    assert all(address.startswith("reader") for address in recipients)
    call = fake_mailgun.calls[0]
    assert call["path"] == "/v3/localhost/messages"
    fields = call["fields"]
    assert fields["subject"] == ["Le point de la semaine"]
    assert "%recipient.unsubscribe_url%" in fields["html"][0]
    assert "%recipient.manage_url%" in fields["text"][0]
    assert fields["h:List-Unsubscribe-Post"] == ["%recipient.h:List-Unsubscribe-Post%"]
    variables = fake_mailgun.recipient_variables(call)
    unsubscribe_links = set()
    for address in fields["to"]:
        values = variables[address]
        assert values["h:List-Unsubscribe"] == f"<{values['unsubscribe_url']}>"
        assert values["h:List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/fr/newsletter/unsubscribe/" in values["unsubscribe_url"]
        unsubscribe_links.add(values["unsubscribe_url"])
    assert len(unsubscribe_links) == 10  # one per recipient

    sent = Delivery.objects.filter(issue=issue)
    assert sent.count() == 25
    assert set(sent.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert all(sent.values_list("message_id", flat=True))
    assert Sending.objects.get(issue=issue).status == Sending.Status.DONE

    # The link of one recipient, as the mail client posts it, unsubscribes that recipient.
    address = fields["to"][0]
    path = variables[address]["unsubscribe_url"].split("://", 1)[1].split("/", 1)[1]
    Client(enforce_csrf_checks=True).post(
        "/" + path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert Subscriber.objects.get(email=address).status == Subscriber.Status.UNSUBSCRIBED
    assert sending.progress(issue)[Delivery.Status.UNSUBSCRIBED] == 1


def test_an_issue_cannot_be_sent_twice(
    audience, issue_factory, fake_mailgun, run_mail_jobs, django_capture_on_commit_callbacks
):
    issue = issue_factory("fr")
    send(issue, run_mail_jobs, django_capture_on_commit_callbacks)
    with pytest.raises(sending.AlreadyStarted):
        sending.request(issue)
    with pytest.raises(IntegrityError):  # the database itself refuses
        Sending.objects.create(issue=issue)


def test_running_the_job_again_sends_nobody_twice(
    audience, issue_factory, fake_mailgun, run_mail_jobs, django_capture_on_commit_callbacks
):
    issue = issue_factory("fr")
    send(issue, run_mail_jobs, django_capture_on_commit_callbacks)
    Sending.objects.filter(issue=issue).update(status=Sending.Status.SENDING)
    assert sending.run(issue.pk) == 0
    assert len(fake_mailgun.recipients()) == 25


def test_english_issue_goes_to_english_subscribers(
    audience, issue_factory, fake_mailgun, run_mail_jobs, django_capture_on_commit_callbacks
):
    issue = issue_factory("en", subject="This week")
    send(issue, run_mail_jobs, django_capture_on_commit_callbacks)
    assert sorted(fake_mailgun.recipients()) == [f"english{n}@example.org" for n in range(3)]
    variables = fake_mailgun.recipient_variables(fake_mailgun.calls[0])
    assert "/en/newsletter/unsubscribe/" in variables["english0@example.org"]["unsubscribe_url"]


def test_without_batch_sending_each_recipient_gets_their_own_message(
    audience, issue_factory, run_mail_jobs, django_capture_on_commit_callbacks, mailoutbox
):
    issue = issue_factory("fr")  # the test backend has no batch sending
    send(issue, run_mail_jobs, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 25
    message = mailoutbox[0]
    assert message.to == ["reader0@example.org"]
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/fr/newsletter/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in message.body
    assert "__NEWSLETTER_" not in message.body + message.alternatives[0][0]


def test_scheduled_sending_starts_when_due(
    audience, issue_factory, run_mail_jobs, django_capture_on_commit_callbacks, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone

    issue = issue_factory("fr")
    later = sending.request(issue, when=timezone.now() + timedelta(hours=1))
    assert sending.start_due() == []
    Sending.objects.filter(pk=later.pk).update(scheduled_for=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # django-rq enqueues on commit
        assert sending.start_due() == [issue.pk]
    assert run_mail_jobs() == [25]
    assert len(mailoutbox) == 25


def test_an_address_the_esp_refuses_does_not_hold_up_the_others(
    issue_factory, settings, run_mail_jobs, django_capture_on_commit_callbacks
):
    make_subscribers(12, "fr")
    Subscriber.objects.filter(email="reader7@example.org").update(email="refused@example.org")
    settings.NEWSLETTER_ESP_BATCH_SIZE = 5

    def refuse(fields, _number):
        return 400 if "refused@example.org" in fields["to"] else None

    with FakeMailgun(fail=refuse) as fake:
        settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
        settings.ANYMAIL = fake.anymail_settings()
        issue = issue_factory("fr")
        assert send(issue, run_mail_jobs, django_capture_on_commit_callbacks) == [12]

    recipients = fake.recipients()
    assert len(recipients) == len(set(recipients)) == 11
    assert "refused@example.org" not in recipients
    counts = sending.progress(issue)
    assert counts[Delivery.Status.SENT] == 11
    assert counts[Delivery.Status.REJECTED] == 1
    assert Sending.objects.get(issue=issue).status == Sending.Status.DONE


def test_when_the_esp_is_down_the_rest_waits_and_is_sent_once_later(
    issue_factory, settings, run_mail_jobs, django_capture_on_commit_callbacks
):
    make_subscribers(15, "fr")
    settings.NEWSLETTER_ESP_BATCH_SIZE = 5
    down = {"now": False}

    def outage(_fields, number):
        return 503 if down["now"] or number == 2 else None

    with FakeMailgun(fail=outage) as fake:
        settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
        settings.ANYMAIL = fake.anymail_settings()
        issue = issue_factory("fr")
        with django_capture_on_commit_callbacks(execute=True):
            sending.request(issue)
        with pytest.raises(sending.EspUnavailable):
            run_mail_jobs()
        counts = sending.progress(issue)
        assert counts[Delivery.Status.SENT] == 5
        assert counts[Delivery.Status.QUEUED] == 10
        assert Sending.objects.get(issue=issue).status == Sending.Status.SENDING

        assert sending.run(issue.pk) == 10  # what the periodic job does once it is stalled

    recipients = fake.recipients()
    assert len(recipients) == len(set(recipients)) == 15
    assert Sending.objects.get(issue=issue).status == Sending.Status.DONE


def test_sendgrid_batch_sending_fills_each_recipients_links_and_headers(
    issue_factory, settings, run_mail_jobs, django_capture_on_commit_callbacks
):
    make_subscribers(4, "fr")
    with FakeSendGrid() as fake:
        settings.EMAIL_BACKEND = "anymail.backends.sendgrid.EmailBackend"
        settings.ANYMAIL = fake.anymail_settings()
        issue = issue_factory("fr")
        assert send(issue, run_mail_jobs, django_capture_on_commit_callbacks) == [4]

    [call] = fake.calls  # one API call for all four
    assert call["path"] == "/v3/mail/send"
    body = call["fields"]
    html = next(part["value"] for part in body["content"] if part["type"] == "text/html")
    assert "-unsubscribe_url-" in html
    links = set()
    for personalization in body["personalizations"]:
        unsubscribe = personalization["substitutions"]["-unsubscribe_url-"]
        assert "/fr/newsletter/unsubscribe/" in unsubscribe
        assert personalization["headers"]["List-Unsubscribe"] == f"<{unsubscribe}>"
        assert personalization["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert personalization["custom_args"]["delivery"].isdigit()
        links.add(unsubscribe)
    assert len(links) == 4
    assert sorted(fake.recipients()) == [f"reader{n}@example.org" for n in range(4)]
    assert sending.progress(issue)[Delivery.Status.SENT] == 4
