"""The editors' side of a newsletter issue: send (now or later, after a confirmation), submit it
for approval, follow the progress, send a test to oneself, and take in what was published since
the last issue. Sending, scheduling, cancelling and tests are written to Wagtail's history."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.log_actions import log

from subscriptions.models import Delivery, NewsletterIssue, Sending

from . import approval, desk, importing, proposals, report, sending


class ScheduleForm(forms.Form):
    """When to send: Wagtail's date-time picker, read in the portal's time zone (or the staff
    member's own, chosen in their account), with the expected format said under the field."""

    when = forms.DateTimeField(
        label=gettext_lazy("Send at"), widget=AdminDateTimeInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        example = timezone.localtime().replace(hour=9, minute=30) + timedelta(days=1)
        self.fields["when"].help_text = _(
            "Format: %(format)s, for example %(example)s (time in %(zone)s)."
        ) % {
            "format": _("YYYY-MM-DD HH:MM"),
            "example": example.strftime(self.fields["when"].widget.format),
            "zone": timezone.get_current_timezone_name(),
        }

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when is not None and when <= timezone.now():
            raise forms.ValidationError(_("Choose a moment in the future."))
        return when


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "First line: the column names, one of them “email”, optionally “language” (fr or en). "
            "Commas or semicolons; UTF-8 or Excel's Windows encoding."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    source = forms.CharField(
        label=gettext_lazy("Where the addresses come from"),
        max_length=255,
        help_text=gettext_lazy("For example: sign-up sheet of the press conference of 12 May."),
    )
    consent_date = forms.DateField(
        label=gettext_lazy("Date of consent"),
        widget=AdminDateInput,
        help_text=gettext_lazy("When these people left their address or gave their consent."),
    )
    consent_given = forms.BooleanField(
        label=gettext_lazy("These people agreed to receive the newsletter"),
        required=False,
        help_text=gettext_lazy(
            "Tick only if the press office holds their consent: they are subscribed at once. "
            "Otherwise each address is asked to confirm by e-mail and receives nothing before."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language for lines that give none"),
        choices=settings.LANGUAGES,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(MAX_IMPORT_BYTES)}
            )
        return upload

    def clean_consent_date(self):
        date = self.cleaned_data["consent_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date of consent cannot be in the future."))
        return date


MAX_IMPORT_BYTES = 5 * 1024 * 1024


# The progress table always shows these; the other statuses only when they count someone.
ALWAYS_SHOWN = {
    Delivery.Status.QUEUED,
    Delivery.Status.SENT,
    Delivery.Status.DELIVERED,
    Delivery.Status.BOUNCED,
    Delivery.Status.COMPLAINED,
    Delivery.Status.UNSUBSCRIBED,
}


def edit_url(issue):
    return reverse("wagtailsnippets_subscriptions_newsletterissue:edit", args=[issue.pk])


def get_issue(request, pk, permission="change"):
    if not request.user.has_perm(f"subscriptions.{permission}_newsletterissue"):
        raise PermissionDenied
    return get_object_or_404(NewsletterIssue, pk=pk)


def render(request, template, issue, title, **context):
    return TemplateResponse(
        request,
        template,
        {
            "issue": issue,
            "page_title": title,
            "page_subtitle": str(issue),
            "header_icon": "mail",
            "edit_url": edit_url(issue),
            **context,
        },
    )


def send(request, pk):
    """Send now or schedule, always through a confirmation page that shows who receives the
    issue in each language; refused while the issue is unpublished, unapproved (when approval
    is on) or would go to nobody."""
    issue = get_issue(request, pk, "send")
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        return cancel(request, issue)
    if action == "submit":
        return submit_for_approval(request, issue)
    existing = Sending.objects.filter(issue=issue).first()
    recipient_count = sending.recipients(issue).count()
    blockers = desk.problems(issue, recipient_count)
    form = ScheduleForm(request.POST if action in ("now", "schedule") else None)
    if existing is None and action in ("now", "schedule"):
        for blocker in blockers:
            messages.error(request, blocker)
        when = form.cleaned_data["when"] if form.is_valid() and action == "schedule" else None
        if action == "schedule" and form.is_valid() and when is None:
            form.add_error("when", _("Choose when to send it."))
        if not blockers and form.is_valid():
            if request.POST.get("confirmed"):
                return start(request, issue, when, recipient_count)
            return render(
                request,
                "newsletter/admin/send_confirm.html",
                issue,
                _("Confirm the sending"),
                form=form,
                action=action,
                when=when,
                recipient_count=recipient_count,
                audience=desk.audience(issue),
                missing=desk.missing_items(issue),
            )
    return render(
        request,
        "newsletter/admin/send.html",
        issue,
        _("Send the newsletter"),
        form=form,
        existing=existing,
        recipient_count=recipient_count,
        blockers=blockers,
        audience=desk.audience(issue),
        missing=desk.missing_items(issue),
        approval_required=approval.required(issue),
        approval_running=issue.workflow_in_progress,
        language=issue.locale.get_display_name(),
    )


def start(request, issue, when, recipient_count):
    try:
        sending.request(issue, user=request.user, when=when)
    except sending.AlreadyStarted:
        messages.error(request, _("This issue is already being sent or scheduled."))
    else:
        data = {"recipients": recipient_count, "language": issue.locale.language_code}
        if when:
            data["when"] = when.isoformat()
            log(issue, "newsletter.schedule", user=request.user, data=data)
            messages.success(request, _("The issue is scheduled."))
        else:
            log(issue, "newsletter.send", user=request.user, data=data)
            messages.success(request, _("The sending has started."))
    return redirect("newsletter_sending:progress", pk=issue.pk)


def cancel(request, issue):
    planned = Sending.objects.filter(issue=issue, status=Sending.Status.SCHEDULED).first()
    if planned is not None and sending.cancel_schedule(issue):
        log(
            issue,
            "newsletter.cancel",
            user=request.user,
            data={"when": planned.scheduled_for.isoformat()},
        )
        messages.success(request, _("The scheduled sending is cancelled."))
    return redirect("newsletter_sending:send", pk=issue.pk)


def submit_for_approval(request, issue):
    if not approval.required(issue):
        messages.error(request, _("No approval is asked for newsletter issues."))
    elif approval.submit(issue, request.user) is None:
        messages.error(request, _("This issue is already waiting for approval."))
    else:
        messages.success(request, _("The issue is submitted for approval."))
    return redirect("newsletter_sending:send", pk=issue.pk)


def progress(request, pk):
    """The sending's progress, then the issue's report."""
    issue = get_issue(request, pk)
    existing = Sending.objects.filter(issue=issue).first()
    counts = sending.progress(issue)
    figures, recipients = report.summary(issue, existing)
    return render(
        request,
        "newsletter/admin/progress.html",
        issue,
        _("Sending and report"),
        existing=existing,
        rows=[
            (label, counts[value])
            for value, label in Delivery.Status.choices
            if value in ALWAYS_SHOWN or counts[value]
        ],
        total=sum(counts.values()),
        figures=figures,
        recipients=recipients,
        tracked=existing is not None and existing.tracked,
    )


def send_test(request, pk):
    issue = get_issue(request, pk)
    issue = issue.get_latest_revision_as_object()
    if request.method != "POST":
        return render(request, "newsletter/admin/test.html", issue, _("Send a test to me"))
    if not request.user.email:
        messages.error(request, _("Your account has no e-mail address."))
    else:
        sending.send_test(issue, request.user.email)
        log(issue, "newsletter.test", user=request.user, data={"email": request.user.email})
        messages.success(
            request, _("A test was sent to %(email)s.") % {"email": request.user.email}
        )
    return redirect(edit_url(issue))


def propose(request, pk):
    issue = get_issue(request, pk)
    latest = issue.get_latest_revision_as_object()
    found = proposals.proposals(latest)
    if request.method == "POST":
        if found:
            proposals.add_to_draft(issue, request.user, found)
            messages.success(
                request, _("%(count)d items were added to the draft.") % {"count": len(found)}
            )
        return redirect(edit_url(issue))
    return render(
        request,
        "newsletter/admin/propose.html",
        issue,
        _("Published since the last issue"),
        found=found,
        since=proposals.since(issue),
    )


def import_subscribers(request):
    """Newsletter → Subscribers → Import from a CSV file."""
    if not request.user.has_perm("subscriptions.import_subscriber"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = importing.import_file(
            form.cleaned_data["file"].read(),
            source=form.cleaned_data["source"],
            consent_date=form.cleaned_data["consent_date"],
            consent_given=form.cleaned_data["consent_given"],
            default_language=form.cleaned_data["language"],
        )
        if not outcome.errors:
            messages.success(request, _("The file is imported."))
    return TemplateResponse(
        request,
        "newsletter/admin/import.html",
        {
            "page_title": _("Import subscribers"),
            "header_icon": "user",
            "form": form,
            "outcome": outcome,
            "shown_errors": outcome.errors[: importing.SHOWN_ERRORS] if outcome else [],
            "hidden_errors": max(len(outcome.errors) - importing.SHOWN_ERRORS, 0) if outcome else 0,
            "list_url": reverse("wagtailsnippets_subscriptions_subscriber:list"),
        },
    )
