"""The newsletter desk in the admin, in French and in English: an editor submits an issue for
approval, a moderator approves it through Wagtail's workflow, the editor schedules it with the
date-time picker, cancels, then sends it after the confirmation page. Every admin screen is
checked for console errors and requests outside the portal."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale, WorkflowState
from wagtail.users.models import UserProfile

from portal.demo.home import ensure_home_pages
from subscriptions.models import NewsletterIssue, Sending
from tests.newsletter.conftest import make_subscribers
from tests.newsletter.workflows import approval_workflow

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Une-phrase-de-passe-1"
EDITOR_PERMISSIONS = ["access_admin", "change_newsletterissue", "send_newsletterissue"]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

WORDS = {
    "fr": {
        "browser": "fr-FR",
        "send_or_schedule": "Envoyer ou programmer",
        "needs_approval": "L’envoi demande une validation",
        "submit": "Soumettre à validation",
        "approve": "Approuver et publier",
        "schedule": "Programmer…",
        "confirm_schedule": "Oui, le programmer",
        "scheduled": "Le numéro est programmé.",
        "cancel": "Annuler l’envoi programmé",
        "send_now": "Envoyer maintenant…",
        "confirm_send": "Oui, l’envoyer maintenant",
        "started": "L’envoi a commencé.",
        "history": "Historique",
        "per_language": "Destinataires par langue",
    },
    "en": {
        "browser": "en-GB",
        "send_or_schedule": "Send or schedule",
        "needs_approval": "Sending needs approval",
        "submit": "Submit for approval",
        "approve": "Approve and Publish",
        "schedule": "Schedule…",
        "confirm_schedule": "Yes, schedule it",
        "scheduled": "The issue is scheduled.",
        "cancel": "Cancel the scheduled sending",
        "send_now": "Send now…",
        "confirm_send": "Yes, send it now",
        "started": "The sending has started.",
        "history": "History",
        "per_language": "Recipients per language",
    },
}


@pytest.fixture
def desk(transactional_db):
    """Home pages, readers in both languages, an approval workflow for newsletter issues, an
    editor who may send and a moderator who approves."""
    ensure_home_pages()
    make_subscribers(3, "fr")
    make_subscribers(2, "en", prefix="english")
    editors = Group.objects.create(name="Rédaction de la lettre")
    editors.permissions.add(*Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
    return {"editors": editors, "moderators": approval_workflow()}


def staff(django_user_model, email, group, language):
    user = django_user_model.objects.create_user(email=email, password=PASSWORD, is_staff=True)
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def choose_hour(page, picker, hour):
    """Click an hour in the picker's time list, scrolling the list with the mouse wheel first:
    the list opens around the current time, so 10:00 is out of sight in the evening."""
    box = picker.locator(".xdsoft_time_box")
    slot = picker.locator(f'.xdsoft_time[data-hour="{hour}"][data-minute="0"]').first
    box.hover()
    for _ in range(60):
        shown, wanted = box.bounding_box(), slot.bounding_box()
        if (
            shown["y"] <= wanted["y"]
            and wanted["y"] + wanted["height"] <= shown["y"] + shown["height"]
        ):
            break
        page.mouse.wheel(0, -40 if wanted["y"] < shown["y"] else 40)
        page.wait_for_timeout(30)
    slot.click()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_editor_gets_approval_schedules_with_the_picker_and_confirms_a_send(
    desk, live_server, staff_tab, django_user_model, language
):
    words = WORDS[language]
    issue = NewsletterIssue(
        locale=Locale.objects.get(language_code=language),
        subject="La semaine" if language == "fr" else "The week",
        introduction="…",
    )
    issue.save()
    issue.save_revision().publish()
    editor = staff(django_user_model, "redaction@example.org", desk["editors"], language)
    moderator = staff(django_user_model, "relecture@example.org", desk["moderators"], language)
    recipients = 3 if language == "fr" else 2

    # The editor asks for approval from the send page.
    page, watch = staff_tab(editor, PASSWORD, words["browser"])
    page.goto(f"{live_server.url}/admin/snippets/subscriptions/newsletterissue/edit/{issue.pk}/")
    page.get_by_role("link", name=words["send_or_schedule"]).first.click()
    expect(page.get_by_text(words["needs_approval"])).to_be_visible()
    expect(page.get_by_role("table", name=words["per_language"])).to_be_visible()
    page.get_by_role("button", name=words["submit"]).click()
    page.wait_for_load_state()
    watch.assert_clean()

    # The moderator approves it from the issue's edit page, through the workflow's action.
    moderation, moderation_watch = staff_tab(moderator, PASSWORD, words["browser"])
    moderation.goto(
        f"{live_server.url}/admin/snippets/subscriptions/newsletterissue/edit/{issue.pk}/"
    )
    moderation.locator(".w-dropdown-button [data-w-dropdown-target=toggle]").click()
    approve = moderation.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    expect(approve).to_contain_text(re.compile(words["approve"], re.IGNORECASE))
    approve.click()
    moderation.wait_for_url("**/newsletterissue/")
    state = WorkflowState.objects.for_instance(issue).get()
    assert state.status == WorkflowState.STATUS_APPROVED
    moderation_watch.assert_clean()

    # The editor schedules it with the picker: the 15th of next month at 10:00 (Paris time).
    page.goto(f"{live_server.url}/admin/newsletter/{issue.pk}/send/")
    expect(page.get_by_text(words["needs_approval"])).to_have_count(0)
    page.locator("input[name=when]").click()
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.locator(".xdsoft_next").first.click()
    today = timezone.localdate()
    month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=15)
    picker.locator(
        f'td.xdsoft_date[data-date="15"][data-month="{month.month - 1}"][data-year="{month.year}"]'
    ).click()
    choose_hour(page, picker, 10)
    expect(page.locator("input[name=when]")).to_have_value(f"{month:%Y-%m-%d} 10:00")
    page.get_by_role("button", name=words["schedule"]).click()
    expect(page.locator("[data-confirm-question]")).to_contain_text(str(recipients))
    expect(page.locator("[data-this-issue] [data-recipients]")).to_have_text(str(recipients))
    page.get_by_role("button", name=words["confirm_schedule"]).click()
    expect(page.get_by_text(words["scheduled"])).to_be_visible()
    scheduled = Sending.objects.get(issue=issue)
    assert scheduled.scheduled_for == datetime.datetime.combine(
        month, datetime.time(10), tzinfo=PARIS
    )

    # Cancelled, then sent now after the confirmation.
    page.goto(f"{live_server.url}/admin/newsletter/{issue.pk}/send/")
    page.get_by_role("button", name=words["cancel"]).click()
    page.get_by_role("button", name=words["send_now"]).click()
    assert not Sending.objects.filter(issue=issue).exists()  # not before the confirmation
    page.get_by_role("button", name=words["confirm_send"]).click()
    expect(page.get_by_text(words["started"])).to_be_visible()
    assert Sending.objects.get(issue=issue).status in ("queued", "sending", "done")

    # Everything is in the issue's history.
    page.goto(f"{live_server.url}/admin/snippets/subscriptions/newsletterissue/history/{issue.pk}/")
    expect(page.get_by_role("heading", name=words["history"]).first).to_be_visible()
    watch.assert_clean()
