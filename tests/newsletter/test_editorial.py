"""Editors: items from press releases and videos, topics, proposals, preview, test, sending."""

import pytest
from django.core import mail
from django.urls import reverse

from subscriptions.models import Delivery, Sending
from subscriptions.newsletter import emails, proposals, sending

from .conftest import make_subscribers

pytestmark = pytest.mark.django_db


def test_a_press_release_item_shows_its_title_lead_and_absolute_link(issue_factory, make_release):
    release = make_release("Le budget est adopté", standfirst="Un budget en hausse.")
    issue = issue_factory("fr", items=[("press_release", release)])
    _subject, html, text = emails.render_issue(issue)
    assert "Le budget est adopté" in html and "Un budget en hausse." in text
    assert f'href="http://127.0.0.1:8000{release.url}"' in html or release.full_url in html


def test_unpublished_items_are_left_out(issue_factory, make_release):
    release = make_release("Pas encore public", publish=False)
    issue = issue_factory("fr", items=[("press_release", release)])
    assert "Pas encore public" not in emails.render_issue(issue)[1]


def test_topics_choose_who_receives_an_issue(issue_factory, make_release, news_site):
    topics = news_site["topics"]
    everything, climate, health = make_subscribers(3, "fr")
    climate.topics.set([topics["climate"]])
    health.topics.set([topics["health"]])
    release = make_release("Climat", topics=["climate"])

    about_climate = issue_factory("fr", items=[("press_release", release)])
    assert {email for _pk, email in sending.recipients(about_climate)} == {
        everything.email,
        climate.email,
    }
    about_nothing = issue_factory("fr", subject="Divers")
    assert sending.recipients(about_nothing).count() == 3


def test_an_english_topic_choice_matches_the_french_topic_of_a_release(
    issue_factory, make_release, news_site
):
    from news.models import Topic

    [reader] = make_subscribers(1, "fr")
    english_climate = Topic.objects.get(slug="climate")  # the English version
    reader.topics.set([english_climate])
    release = make_release("Climat", topics=["climate"])
    issue = issue_factory("fr", items=[("press_release", release)])
    assert [email for _pk, email in sending.recipients(issue)] == [reader.email]


def test_propose_adds_what_was_published_since_the_last_issue(
    admin_client, issue_factory, make_release
):
    make_release("Ancien")
    first = issue_factory("fr", subject="Numéro 1")
    sending.request(first)
    make_release("Nouveau")
    issue = issue_factory("fr", subject="Numéro 2", items=[])
    found = proposals.proposals(issue)
    assert [item.title for _name, item, _value in found] == ["Nouveau"]

    url = reverse("newsletter_sending:propose", args=[issue.pk])
    assert "Nouveau" in admin_client.get(url).content.decode()
    assert admin_client.post(url).status_code == 302
    issue.refresh_from_db()
    draft = issue.get_latest_revision_as_object()
    assert [block.value.title for block in draft.items] == ["Nouveau"]
    assert proposals.proposals(draft) == []


def test_admin_preview_shows_the_email(admin_client, issue_factory):
    issue = issue_factory("fr")
    url = reverse("wagtailsnippets_subscriptions_newsletterissue:preview_on_edit", args=[issue.pk])
    data = {
        "subject": "Aperçu du numéro",
        "introduction": "Bonjour",
        "items-count": "0",
    }
    assert admin_client.post(url, data).json()["is_valid"]
    page = admin_client.get(url).content.decode()
    assert "Aperçu du numéro" in page
    assert "Se désabonner" in page  # the French issue, in French


def test_send_a_test_to_me(admin_client, admin_user, issue_factory):
    issue = issue_factory("fr")
    url = reverse("newsletter_sending:test", args=[issue.pk])
    assert admin_user.email in admin_client.get(url).content.decode()  # asks first
    assert not mail.outbox
    response = admin_client.post(url)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [admin_user.email]
    assert message.subject == "[TEST] Le point de la semaine"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Delivery.objects.exists()


def test_send_from_the_admin_once_and_follow_the_progress(
    admin_client, issue_factory, run_mail_jobs, django_capture_on_commit_callbacks
):
    make_subscribers(4, "fr")
    issue = issue_factory("fr")
    url = reverse("newsletter_sending:send", args=[issue.pk])
    page = admin_client.get(url).content.decode()
    assert "4" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"action": "now", "confirmed": "1"})
    assert response["Location"] == reverse("newsletter_sending:progress", args=[issue.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"action": "now", "confirmed": "1"})  # a second click
    assert Sending.objects.count() == 1
    run_mail_jobs()
    assert len(mail.outbox) == 4

    progress = admin_client.get(response["Location"]).content.decode()
    assert progress.count("data-status-count>4<") == 1
    assert "Interrupted" not in progress  # statuses nobody is in are left out


def test_an_unpublished_issue_cannot_be_sent(admin_client, issue_factory):
    issue = issue_factory("fr")
    issue.unpublish()
    make_subscribers(1, "fr")
    send = reverse("newsletter_sending:send", args=[issue.pk])
    admin_client.post(send, {"action": "now", "confirmed": "1"})
    assert not Sending.objects.exists()


def test_the_listing_offers_the_sending_actions_for_translations_too(admin_client, issue_factory):
    english = issue_factory("en", subject="This week")
    listing = admin_client.get(
        reverse("wagtailsnippets_subscriptions_newsletterissue:list")
    ).content.decode()
    assert reverse("newsletter_sending:send", args=[english.pk]) in listing
    assert reverse("newsletter_sending:test", args=[english.pk]) in listing


def test_editors_without_the_send_permission_cannot_send(client, django_user_model, issue_factory):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user(
        email="editor@example.org", password="x", is_staff=True
    )
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_newsletterissue"),
    )
    client.force_login(editor)
    issue = issue_factory("fr")
    make_subscribers(1, "fr")
    send = reverse("newsletter_sending:send", args=[issue.pk])
    response = client.post(send, {"action": "now", "confirmed": "1"})
    assert response.status_code in (302, 403)
    assert not Sending.objects.exists()


def test_schedule_from_the_admin_then_cancel(admin_client, issue_factory):
    from datetime import timedelta

    from django.utils import timezone

    make_subscribers(1, "fr")
    issue = issue_factory("fr")
    url = reverse("newsletter_sending:send", args=[issue.pk])
    past = admin_client.post(url, {"action": "schedule", "when": "2001-01-01 10:00"})
    assert past.status_code == 200 and not Sending.objects.exists()  # refused, form shown again

    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    admin_client.post(url, {"action": "schedule", "when": when, "confirmed": "1"})
    scheduled = Sending.objects.get(issue=issue)
    assert scheduled.status == Sending.Status.SCHEDULED
    assert scheduled.scheduled_for > timezone.now()

    admin_client.post(url, {"action": "cancel"})
    assert not Sending.objects.exists()


def test_subscribers_cannot_be_added_by_hand_in_the_admin(admin_client):
    from subscriptions.models import Subscriber

    Subscriber.objects.create(email="someone@example.org", status="subscribed")
    listing = admin_client.get(reverse("wagtailsnippets_subscriptions_subscriber:list"))
    assert listing.status_code == 200 and "someone@example.org" in listing.content.decode()
    add = admin_client.get(reverse("wagtailsnippets_subscriptions_subscriber:add"))
    assert add.status_code in (302, 403)


def test_a_sent_issue_cannot_be_deleted(admin_client, issue_factory):
    from subscriptions.models import NewsletterIssue

    sent, draft = issue_factory("fr"), issue_factory("fr", subject="Brouillon")
    sending.request(sent)
    for issue, kept in ((sent, True), (draft, False)):
        url = reverse("wagtailsnippets_subscriptions_newsletterissue:delete", args=[issue.pk])
        response = admin_client.post(url)
        assert response.status_code in (302, 403)
        assert NewsletterIssue.objects.filter(pk=issue.pk).exists() == kept
