"""Each issue's report: deliveries, bounces, complaints and unsubscribes from the ESP's tracking
webhooks; opens and clicks only when the press office turned tracking on (off by default, and
the newsletter page says which)."""

import pytest
from django.urls import reverse

from subscriptions.models import Delivery, NewsletterSettings

from .conftest import make_subscribers
from .test_sending import send
from .test_webhooks import basic_auth, mailgun_event, post

pytestmark = pytest.mark.django_db


def report(client, issue):
    page = client.get(reverse("newsletter_sending:progress", args=[issue.pk])).content.decode()
    table = page.split("data-report")[1].split("</table>")[0]
    figures = {}
    for row in table.split('data-figure="')[1:]:
        key = row.split('"')[0]
        figures[key] = int(row.split("data-count>")[1].split("<")[0])
    return figures, page


def events(client, issue, kinds):
    deliveries = list(Delivery.objects.filter(issue=issue).order_by("pk"))
    for delivery, kind in zip(deliveries, kinds, strict=False):
        for event in kind.split("+"):
            body = mailgun_event(event, delivery.email, delivery=delivery.pk, severity="permanent")
            assert post(client, body, **basic_auth()).status_code == 200


def turn_tracking(on):
    settings = NewsletterSettings.load()
    settings.track_opens_and_clicks = on
    settings.save()


def test_the_report_counts_deliveries_bounces_complaints_and_unsubscribes(
    admin_client, client, issue_factory, fake_mailgun, run_mail_jobs,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    make_subscribers(6, "fr")
    issue = issue_factory("fr")
    send(issue, run_mail_jobs, django_capture_on_commit_callbacks)
    # Tracking is off by default, and the ESP is told so explicitly.
    fields = fake_mailgun.calls[0]["fields"]
    assert fields["o:tracking-opens"] == ["no"] and fields["o:tracking-clicks"] == ["no"]

    events(
        client,
        issue,
        ["delivered", "delivered", "failed", "delivered+complained", "delivered+unsubscribed",
         "delivered+opened"],
    )  # fmt: skip
    figures, page = report(admin_client, issue)
    assert figures == {"delivered": 5, "bounced": 1, "complained": 1, "unsubscribed": 1}
    assert "Les ouvertures et les clics n’ont pas été mesurés pour ce numéro" in page
    assert not Delivery.objects.filter(opened_at__isnull=False).exists()  # nothing stored


def test_with_tracking_on_the_report_shows_opens_and_clicks(
    admin_client, client, issue_factory, fake_mailgun, run_mail_jobs,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    turn_tracking(True)
    make_subscribers(4, "fr")
    issue = issue_factory("fr")
    send(issue, run_mail_jobs, django_capture_on_commit_callbacks)
    fields = fake_mailgun.calls[0]["fields"]
    assert fields["o:tracking-opens"] == ["yes"] and fields["o:tracking-clicks"] == ["yes"]

    events(client, issue, ["delivered+opened", "delivered+opened+clicked", "clicked", "delivered"])
    figures, page = report(admin_client, issue)
    assert figures == {
        "delivered": 4,
        "bounced": 0,
        "complained": 0,
        "unsubscribed": 0,
        "opened": 3,  # a click counts as an open
        "clicked": 2,
    }
    assert "75,0 %" in page  # 3 of 4, in French


@pytest.mark.parametrize(
    ("language", "off", "on"),
    [
        ("fr", "Nous n’enregistrons pas", "enregistrent si vous les ouvrez"),
        ("en", "We do not record whether", "record whether you open them"),
    ],
)
def test_the_newsletter_page_says_whether_opens_and_clicks_are_recorded(
    client, home_pages, language, off, on
):
    url = f"/{language}/newsletter/"
    page = client.get(url).content.decode()
    assert off in page and on not in page
    turn_tracking(True)
    page = client.get(url).content.decode()
    assert on in page and off not in page
