"""Wagtail admin: a "Newsletter" menu with the issues (a translatable snippet with drafts,
preview and revisions) and the subscribers (read, export, delete)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_localize.wagtail_hooks import (
    register_snippet_listing_buttons as translation_buttons,
)

from common.admin_labels import ItemLabelsMixin
from subscriptions.models import NewsletterIssue, Sending, Subscriber

from . import admin_views, permissions  # noqa: F401  (registers the policies)
from .blocks import items_in_another_language


class SendingPanel(Panel):
    """At the top of the issue's edit form: its sending state and the editor's actions."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "newsletter/admin/sending_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            issue = self.instance
            context["issue"] = issue if issue and issue.pk else None
            context["sending"] = (
                Sending.objects.filter(issue=issue).first() if issue and issue.pk else None
            )
            context["can_send"] = self.request.user.has_perm("subscriptions.send_newsletterissue")
            return context


def sending_state(issue):
    existing = Sending.objects.filter(issue=issue).first()
    return existing.get_status_display() if existing else _("not sent")


class IssueDeleteView(SnippetViewSet.delete_view_class):
    """An issue that has a sending is the record of what subscribers received: kept."""

    def dispatch(self, request, *args, **kwargs):
        if Sending.objects.filter(issue=self.object).exists():
            messages.error(request, _("This issue has been sent or scheduled: it is kept."))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class IssueForm(WagtailAdminModelForm):
    """Refuses an item that has no version at all in the issue's language (an English issue
    cannot carry a French-only video); a version still unpublished is allowed, and named as
    missing when the issue is sent."""

    def clean(self):
        cleaned_data = super().clean()
        items = cleaned_data.get("items")
        locale = self.instance.locale if self.instance.locale_id else None
        if items is None or locale is None:
            return cleaned_data
        errors = {
            index: ValidationError(
                _("“%(title)s” has no version in %(language)s: translate it first or remove it.")
                % {"title": title, "language": locale.get_display_name()}
            )
            for index, title in items_in_another_language(items, locale)
        }
        if errors:
            self.add_error("items", StreamBlockValidationError(block_errors=errors))
        return cleaned_data


class IssueEditView(SnippetViewSet.edit_view_class):
    """The edit page offers wagtail-localize's "Translate" (and "Sync translated snippets")
    in its header menu, as the listing's row menu does."""

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *translation_buttons(self.object, self.request.user)]


class NewsletterIssueViewSet(ItemLabelsMixin, SnippetViewSet):
    model = NewsletterIssue
    add_item_label = _("Add an issue")
    new_item_label = _("New newsletter issue")
    delete_view_class = IssueDeleteView
    edit_view_class = IssueEditView
    icon = "mail"
    menu_label = _("Issues")
    list_display = [
        "subject",
        "locale",
        Column("sending", label=_("Sending"), accessor=sending_state),
    ]
    edit_handler = ObjectList(
        [
            SendingPanel(heading=_("Sending")),
            FieldPanel("subject"),
            FieldPanel("introduction"),
            FieldPanel("items"),
        ],
        base_form_class=IssueForm,
    )


class SubscriberIndexView(SnippetViewSet.index_view_class):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("subscriptions.import_subscriber"):
            buttons.append(
                HeaderButton(
                    _("Import from a CSV file"),
                    url=reverse("newsletter_sending:import"),
                    icon_name="upload",
                )
            )
        return buttons


class SubscriberInspectView(SnippetViewSet.inspect_view_class):
    """Shows the proof of consent: each record with its source, details and date given."""

    def get_field_label(self, field_name, field):
        if field_name == "consents":
            return _("Consent records")
        return super().get_field_label(field_name, field)

    def get_consents_display_value(self):
        return format_html_join(
            mark_safe("<br>"),
            "{} — {} — {}{}",
            (
                (
                    date_format(localtime(consent.created_at), "SHORT_DATETIME_FORMAT"),
                    consent.get_action_display(),
                    consent.get_source_display(),
                    consent_details(consent),
                )
                for consent in self.object.consents.all()
            ),
        )


def consent_details(consent):
    parts = [consent.details] if consent.details else []
    if consent.given_at:
        given = date_format(localtime(consent.given_at), "DATE_FORMAT")
        parts.append(gettext("consent given on %(date)s") % {"date": given})
    return f" ({'; '.join(parts)})" if parts else ""


class SubscriberViewSet(SnippetViewSet):
    """Read, search, export (CSV/XLSX) and delete; only the language can be edited, since the
    status records the person's own choices (confirmation, unsubscribing)."""

    model = Subscriber
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    inspect_view_fields = [
        "email",
        "language",
        "status",
        "topics",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "consents",
    ]
    icon = "user"
    menu_label = _("Subscribers")
    form_fields = ["language"]
    copy_view_enabled = False
    list_display = ["email", "language", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "language"]
    list_export = ["email", "language", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    search_fields = ["email"]
    inspect_view_enabled = True


class NewsletterGroup(SnippetViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 250
    items = (NewsletterIssueViewSet, SubscriberViewSet)


urlpatterns = [
    path("<int:pk>/send/", admin_views.send, name="send"),
    path("<int:pk>/progress/", admin_views.progress, name="progress"),
    path("<int:pk>/test/", admin_views.send_test, name="test"),
    path("<int:pk>/propose/", admin_views.propose, name="propose"),
    path("subscribers/import/", admin_views.import_subscribers, name="import"),
]
