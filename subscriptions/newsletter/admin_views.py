"""The editors' side of a newsletter issue: send (now or later), follow the progress, send a
test to oneself, and take in what was published since the last issue."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateTimeInput

from subscriptions.models import Delivery, NewsletterIssue, Sending

from . import proposals, sending


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=gettext_lazy("Send at"), widget=AdminDateTimeInput, required=False
    )

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when is not None and when <= timezone.now():
            raise forms.ValidationError(_("Choose a moment in the future."))
        return when


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
    issue = get_issue(request, pk, "send")
    existing = Sending.objects.filter(issue=issue).first()
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and existing is None and not issue.live:
        messages.error(request, _("Publish the issue before sending it."))
    elif request.method == "POST" and existing is None and form.is_valid():
        when = form.cleaned_data["when"] if request.POST.get("action") == "schedule" else None
        if request.POST.get("action") == "schedule" and when is None:
            form.add_error("when", _("Choose when to send it."))
        else:
            try:
                sending.request(issue, user=request.user, when=when)
            except sending.AlreadyStarted:
                messages.error(request, _("This issue is already being sent or scheduled."))
            else:
                messages.success(
                    request,
                    _("The issue is scheduled.") if when else _("The sending has started."),
                )
            return redirect("newsletter_sending:progress", pk=issue.pk)
    elif request.method == "POST" and request.POST.get("action") == "cancel":
        if sending.cancel_schedule(issue):
            messages.success(request, _("The scheduled sending is cancelled."))
        return redirect("newsletter_sending:send", pk=issue.pk)
    return render(
        request,
        "newsletter/admin/send.html",
        issue,
        _("Send the newsletter"),
        form=form,
        existing=existing,
        recipient_count=sending.recipients(issue).count(),
        language=issue.locale.get_display_name(),
    )


def progress(request, pk):
    issue = get_issue(request, pk)
    counts = sending.progress(issue)
    return render(
        request,
        "newsletter/admin/progress.html",
        issue,
        _("Sending progress"),
        existing=Sending.objects.filter(issue=issue).first(),
        rows=[
            (label, counts[value])
            for value, label in Delivery.Status.choices
            if value in ALWAYS_SHOWN or counts[value]
        ],
        total=sum(counts.values()),
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
