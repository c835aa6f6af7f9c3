"""The send desk: Wagtail's date-time picker in the portal's time zone, a confirmation page with
the recipients per language that refuses 0, the history of sends, translating from the edit
page, items missing in the issue's language, and the optional approval through a workflow."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from portal.demo.translation import translate
from subscriptions.models import Sending

from . import workflows
from .conftest import make_subscribers

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def send_url(issue):
    return reverse("newsletter_sending:send", args=[issue.pk])


def history(client, issue):
    url = reverse("wagtailsnippets_subscriptions_newsletterissue:history", args=[issue.pk])
    return client.get(url).content.decode()


def test_the_send_page_loads_the_date_time_picker_before_using_it(admin_client, issue_factory):
    make_subscribers(1, "fr")
    page = admin_client.get(send_url(issue_factory("fr"))).content.decode()
    script = page.index("wagtailadmin/js/date-time-chooser.js")
    assert script < page.index("initDateTimeChooser(")
    # The hint says the format and the time zone the time is read in.
    assert "AAAA-MM-JJ HH:MM" in page and "Europe/Paris" in page


def test_sending_now_asks_for_confirmation_with_the_recipients_per_language(
    admin_client, issue_factory, django_capture_on_commit_callbacks
):
    make_subscribers(3, "fr")
    make_subscribers(2, "en", prefix="english")
    issue = issue_factory("fr")

    confirmation = admin_client.post(send_url(issue), {"action": "now"})
    page = confirmation.content.decode()
    assert confirmation.status_code == 200 and not Sending.objects.exists()
    assert "maintenant à 3 abonnés confirmés (langue : français)" in page
    rows = page.split("data-recipients>")[1:]
    assert [row.split("<")[0] for row in rows] == ["3", "2"]
    assert "Pas traduit : ces abonnés ne reçoivent rien" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(send_url(issue), {"action": "now", "confirmed": "1"})
    assert response["Location"] == reverse("newsletter_sending:progress", args=[issue.pk])
    assert Sending.objects.get(issue=issue).status == Sending.Status.QUEUED
    assert "Envoi commencé à 3 abonnés confirmés." in history(admin_client, issue)


def test_an_issue_with_nobody_to_receive_it_cannot_be_sent(admin_client, issue_factory):
    make_subscribers(2, "en")  # English readers only: the French issue reaches nobody
    issue = issue_factory("fr")
    page = admin_client.get(send_url(issue)).content.decode()
    assert "Aucun abonné confirmé ne recevrait ce numéro" in page
    assert 'value="now"' not in page

    for data in ({"action": "now"}, {"action": "now", "confirmed": "1"}):
        response = admin_client.post(send_url(issue), data)
        assert response.status_code == 200
        assert "Aucun abonné confirmé" in response.content.decode()
    assert not Sending.objects.exists()


def test_scheduling_reads_the_time_in_the_portals_time_zone_and_is_in_the_history(
    admin_client, issue_factory
):
    make_subscribers(2, "fr")
    issue = issue_factory("fr")
    when = timezone.localtime().date() + datetime.timedelta(days=2)
    typed = f"{when:%Y-%m-%d} 10:30"

    page = admin_client.post(send_url(issue), {"action": "schedule", "when": typed})
    assert not Sending.objects.exists()
    assert f'name="when" value="{typed}"' in page.content.decode()

    admin_client.post(send_url(issue), {"action": "schedule", "when": typed, "confirmed": "1"})
    scheduled = Sending.objects.get(issue=issue)
    assert scheduled.status == Sending.Status.SCHEDULED
    assert scheduled.scheduled_for == datetime.datetime.combine(
        when, datetime.time(10, 30), tzinfo=PARIS
    )
    admin_client.post(send_url(issue), {"action": "cancel"})
    assert not Sending.objects.exists()

    test = reverse("newsletter_sending:test", args=[issue.pk])
    admin_client.post(test)
    entries = history(admin_client, issue)
    assert "Envoi programmé pour le" in entries and "10:30" in entries
    assert "Envoi programmé du" in entries and "annulé" in entries
    assert "Test envoyé à" in entries
    site_history = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Lettre d’information : programmer" in site_history
    assert "Lettre d’information : annuler l’envoi programmé" in site_history


def test_an_issue_is_translated_from_its_edit_page(admin_client, issue_factory):
    from wagtail.models import Locale

    issue = issue_factory("fr")
    edit = reverse("wagtailsnippets_subscriptions_newsletterissue:edit", args=[issue.pk])
    translate_url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["subscriptions", "newsletterissue", issue.pk],
    )
    assert translate_url in admin_client.get(edit).content.decode()
    english = Locale.objects.get(language_code="en")
    assert admin_client.post(translate_url, {"locales": [english.pk]}).status_code == 302
    assert issue.get_translation(english).subject == issue.subject  # to be translated now


def test_the_translator_is_told_which_items_are_missing_in_the_translation(
    admin_client, issue_factory, make_release, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    french_only = make_release("Seulement en français")
    issue = issue_factory("fr", items=[("press_release", french_only)])
    with django_capture_on_commit_callbacks(execute=True):
        english = translate(
            issue,
            Locale.objects.get(language_code="en"),
            {"Le point de la semaine": "This week", "Trois nouvelles cette semaine.": "Three."},
        )
    edit = reverse("wagtailsnippets_subscriptions_newsletterissue:edit", args=[english.pk])
    page = admin_client.get(edit).content.decode()
    assert "Laissés de côté dans ce numéro" in page and "Seulement en français" in page
    make_subscribers(1, "en")
    send = admin_client.post(send_url(english), {"action": "now"}).content.decode()
    assert "data-missing-items" in send and "Seulement en français" in send


@pytest.fixture
def approval_workflow(db):
    return workflows.approval_workflow()


@pytest.fixture
def editor_client(client, django_user_model):
    """An editor who may send, but approves nothing (a superuser's submission is approved at
    once by Wagtail)."""
    editor = django_user_model.objects.create_user(
        email="redactrice@example.org", password="x", is_staff=True
    )
    for codename in ("access_admin", "change_newsletterissue", "send_newsletterissue"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(editor)
    return client


def test_with_approval_on_an_issue_is_sent_only_once_approved(
    editor_client, issue_factory, approval_workflow, django_user_model
):
    from django.test import Client

    make_subscribers(2, "fr")
    issue = issue_factory("fr")
    refused = editor_client.post(send_url(issue), {"action": "now", "confirmed": "1"})
    assert "Validation de la lettre" in refused.content.decode() and not Sending.objects.exists()

    editor_client.post(send_url(issue), {"action": "submit"})
    state = WorkflowState.objects.for_instance(issue).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    moderator = django_user_model.objects.create_user(
        email="relecteur@example.org", password="x", is_staff=True
    )
    moderator.groups.add(approval_workflow)
    client = Client()
    client.force_login(moderator)
    approve = reverse(
        "wagtailsnippets_subscriptions_newsletterissue:workflow_action",
        args=[issue.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(approve, {"comment": "Bon pour envoi"}).status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED

    editor_client.post(send_url(issue), {"action": "now", "confirmed": "1"})
    assert Sending.objects.filter(issue=issue).exists()


def test_changes_published_after_the_approval_need_a_new_one(
    editor_client, issue_factory, approval_workflow, django_user_model
):
    make_subscribers(1, "fr")
    issue = issue_factory("fr")
    editor_client.post(send_url(issue), {"action": "submit"})
    state = WorkflowState.objects.for_instance(issue).get()
    moderator = django_user_model.objects.create_user(email="relecteur@example.org")
    moderator.groups.add(approval_workflow)
    state.current_task_state.approve(user=moderator)
    issue.refresh_from_db()
    assert issue.live_revision_id == state.current_task_state.revision_id
    issue.subject = "Changé après la relecture"
    issue.save_revision().publish()

    editor_client.post(send_url(issue), {"action": "now", "confirmed": "1"})
    assert not Sending.objects.exists()
