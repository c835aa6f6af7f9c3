"""Registers the newsletter's admin (imported by subscriptions/wagtail_hooks.py)."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from subscriptions.models import NewsletterIssue, Sending

from . import history
from .admin import NewsletterGroup, urlpatterns
from .blocks import missing_items

register_snippet(NewsletterGroup)


@hooks.register("register_snippet_listing_buttons")
def newsletter_issue_buttons(snippet, user, next_url=None):
    """The sending actions in the issues' listing too: a translation is edited in
    wagtail-localize's editor, which has no room for the sending panel."""
    if not isinstance(snippet, NewsletterIssue):
        return []

    def url(name):
        return reverse(f"newsletter_sending:{name}", args=[snippet.pk])

    buttons = [
        Button(_("Send a test to me"), url("test"), icon_name="mail", priority=60),
        Button(_("Propose what was published since the last issue"), url("propose"), priority=70),
    ]
    if Sending.objects.filter(issue=snippet).exists():
        buttons.append(Button(_("Sending progress"), url("progress"), priority=50))
    elif user.has_perm("subscriptions.send_newsletterissue"):
        buttons.append(Button(_("Send or schedule"), url("send"), icon_name="mail", priority=50))
    return buttons


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return [path("newsletter/", include((urlpatterns, "newsletter_sending")))]


@hooks.register("register_log_actions")
def newsletter_log_actions(actions):
    history.register(actions)


@hooks.register("before_edit_snippet", order=-10)
def warn_of_missing_items(request, instance):
    """Before wagtail-localize's translation editor (and the plain edit form) is shown: name
    the items that have no published version in this issue's language."""
    if request.method != "GET" or not isinstance(instance, NewsletterIssue):
        return
    missing = missing_items(instance.get_latest_revision_as_object())
    if missing:
        messages.warning(
            request,
            _("Left out of this issue, with no published version in %(language)s: %(items)s.")
            % {
                "language": instance.locale.get_display_name(),
                "items": "; ".join(f"{kind} “{title}”" for kind, title in missing),
            },
        )
