"""Newsletter subscribers, their consents, issues composed by editors, sendings and deliveries.

An issue (the editorial content) is a translatable snippet; its sending state lives apart, in
`Sending` (one row per issue, the database refuses a second) and `Delivery` (one row per issue
and subscriber), so that wagtail-localize, which copies untranslated fields from the source to
its translations, can never copy a French sending state onto the English issue.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from subscriptions.newsletter.blocks import IssueItemsBlock
from subscriptions.newsletter.emails import preview_response

__all__ = [
    "NewsletterSettings",
    "Subscriber",
    "Consent",
    "NewsletterIssue",
    "Sending",
    "Delivery",
]


def new_token_key():
    return secrets.token_urlsafe(6)


@register_setting(icon="mail")
class NewsletterSettings(BaseGenericSetting):
    """Choices the press office makes for every issue (Settings → Newsletter)."""

    track_opens_and_clicks = models.BooleanField(
        _("measure opens and clicks"),
        default=False,
        help_text=_(
            "Ask the e-mail provider to record who opens each issue and clicks its links, shown "
            "in each issue's report. Off by default; the newsletter page tells subscribers "
            "whether it is on. Applies to the issues sent from now on."
        ),
    )

    class Meta:
        verbose_name = _("newsletter settings")


class Subscriber(models.Model):
    """One address that asked for the newsletter. Nothing is sent to it before it confirms."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        SUBSCRIBED = "subscribed", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        SUPPRESSED = "suppressed", _("suppressed (bounce or complaint)")

    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # News topics (any language version: matched through their translation key); none: all.
    topics = models.ManyToManyField(
        "news.Topic", blank=True, related_name="+", verbose_name=_("topics")
    )
    suppressed_reason = models.CharField(_("reason of the suppression"), max_length=32, blank=True)
    # Part of every signed link: giving a subscriber a new key invalidates all their old links.
    token_key = models.CharField(max_length=16, default=new_token_key, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at"]
        # Stored in English whatever the active language (the admin translates it when showing it).
        permissions = [("import_subscriber", gettext_noop("Can import newsletter subscribers"))]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_unique_email"),
        ]
        indexes = [models.Index(fields=["language", "status"])]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Consent(models.Model):
    """What a subscriber agreed to, when, and from which form: the proof of consent."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("asked to subscribe")
        CONFIRMED = "confirmed", _("confirmed the subscription")
        CHANGED = "changed", _("changed preferences")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        SUPPRESSED = "suppressed", _("suppressed after a bounce or complaint")

    class Source(models.TextChoices):
        FOOTER = "footer", _("site footer")
        PAGE = "page", _("newsletter page")
        SIGNUP = "signup", _("account sign-up form")
        CONFIRMATION = "confirmation", _("confirmation link")
        PREFERENCES = "preferences", _("preference page")
        ONE_CLICK = "one-click", _("one-click unsubscribe from the mail client")
        WEBHOOK = "webhook", _("e-mail provider notification")
        IMPORT = "import", _("imported by the press office")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    language = models.CharField(_("language"), max_length=7, blank=True)
    topics = models.CharField(_("topics"), max_length=500, blank=True)
    # Imports: where the address came from, as the press office described it, and when the
    # person gave their consent there (created_at is when it was recorded here).
    details = models.CharField(_("details"), max_length=255, blank=True)
    given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.subscriber_id} {self.action} ({self.source}) {self.created_at:%Y-%m-%d}"


class NewsletterIssue(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """One issue of the newsletter in one language; its translations share a translation key.

    With a workflow assigned to newsletter issues (Settings → Workflows), an issue is sent only
    once its published version has been approved through it (see newsletter/approval.py)."""

    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("A few sentences at the top of the e-mail.")
    )
    items = StreamField(IssueItemsBlock(), blank=True, verbose_name=_("items"))
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="newsletter_issue")

    search_fields = [index.SearchField("subject"), index.AutocompleteField("subject")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-pk"]
        permissions = [("send_newsletterissue", gettext_noop("Can send newsletter issues"))]

    def __str__(self):
        return self.subject

    # Preview in the admin: exactly the e-mail a subscriber receives.
    @property
    def preview_modes(self):
        return [("", _("E-mail (HTML)")), ("text", _("E-mail (plain text)"))]

    def serve_preview(self, request, mode_name):
        return preview_response(self, request, mode_name)

    @property
    def revisions(self):
        return self._revisions

    @property
    def language_code(self):
        return self.locale.language_code

    def get_admin_progress_url(self):
        return reverse("newsletter_sending:progress", args=[self.pk])


class Sending(models.Model):
    """The sending of one issue. At most one per issue: the database refuses a second start."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        DONE = "done", _("sent")
        # Finished, but some recipients are "unconfirmed" (an interrupted call to an ESP that
        # cannot be asked): see subscriptions/newsletter/sending.py.
        UNRESOLVED = "unresolved", _("finished, some recipients unconfirmed")

    issue = models.OneToOneField(
        NewsletterIssue, on_delete=models.PROTECT, related_name="sending", verbose_name=_("issue")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The content as sent, rendered once when the recipients are snapshotted.
    subject = models.CharField(max_length=255, blank=True)
    html = models.TextField(blank=True)
    text = models.TextField(blank=True)
    snapshot_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    # Opens and clicks were asked of the ESP (the press office's setting when it was snapshotted).
    tracked = models.BooleanField(default=False)
    last_progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The run that holds the sending, and its last sign of life (sending.Lease).
    lease_holder = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sending")
        verbose_name_plural = _("sendings")

    def __str__(self):
        return f"{self.issue} ({self.get_status_display()})"


class Delivery(models.Model):
    """One issue for one subscriber: created once when the recipients are snapshotted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SKIPPED = "skipped", _("not sent: left the list before its turn")
        CLAIMED = "claimed", _("being handed to the provider")
        UNCONFIRMED = "unconfirmed", _("interrupted: may have been sent")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        DEFERRED = "deferred", _("delayed")
        REJECTED = "rejected", _("rejected")
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("complained")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # First open and first click reported by the ESP, for issues sent with tracking on.
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_once_per_subscriber"
            ),
        ]
        indexes = [models.Index(fields=["issue", "status", "id"], name="newsletter_delivery_claim")]

    def __str__(self):
        return f"{self.email}: {self.status}"
