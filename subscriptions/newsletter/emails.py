"""The e-mails of the newsletter, rendered from templates in the recipient's language.

An issue is rendered once per sending, with placeholders where each recipient's own links go
(preferences, unsubscribe); sending.py fills them in through the ESP's merge fields, or one
message per recipient when the ESP has no batch sending.
"""

from anymail.message import AnymailMessage
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from common.mail import sender

from . import tokens
from .blocks import issue_items

# Each recipient's own values, filled in by the ESP (merge data) or by us.
MERGE_FIELDS = ("manage_url", "unsubscribe_url")


def placeholder(name):
    return f"__NEWSLETTER_{name.upper()}__"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def link(view_name, token, language):
    with translation.override(language):
        return absolute(reverse(view_name, args=[token]))


TOKEN_SLOT = "TOKEN"  # noqa: S105  (where each recipient's signed token goes)


def link_patterns(language):
    """The recipient links with a slot for the token: reversed once per batch, not per
    recipient (URL reversing is most of the per-recipient cost of a large sending)."""
    return {
        "manage_url": link("newsletter:preferences", TOKEN_SLOT, language),
        "unsubscribe_url": link("newsletter:unsubscribe", TOKEN_SLOT, language),
    }


def recipient_links(subscriber, delivery_id=None, language=None):
    token = tokens.make(subscriber, tokens.MANAGE, delivery_id=delivery_id)
    patterns = link_patterns(language or subscriber.language)
    return {name: pattern.replace(TOKEN_SLOT, token) for name, pattern in patterns.items()}


def fill(content, values):
    for name, value in values.items():
        content = content.replace(placeholder(name), value)
    return content


def subscription_message(subscriber, kind):
    """The one e-mail `subscribe()` sends: a confirmation link, or (already subscribed) a link
    to the preference page."""
    with translation.override(subscriber.language):
        context = {
            "subscriber": subscriber,
            "portal_url": absolute("/"),
            "LANGUAGE_CODE": subscriber.language,
        }
        if kind == "confirm":
            token = tokens.make(subscriber, tokens.CONFIRM)
            context["confirm_url"] = link("newsletter:confirm", token, subscriber.language)
            context["valid_days"] = tokens.max_age(tokens.CONFIRM).days
        else:
            context.update(recipient_links(subscriber))
        template = f"newsletter/email/{kind}"
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        message = AnymailMessage(
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            from_email=sender(),
            to=[subscriber.email],
            tags=["newsletter-subscription"],
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def render_issue(issue, values=None):
    """(subject, html, text) of an issue; its links are placeholders unless `values` given."""
    values = values or {name: placeholder(name) for name in MERGE_FIELDS}
    with translation.override(issue.locale.language_code):
        context = {
            "issue": issue,
            "items": issue_items(issue, absolute),
            "portal_url": absolute("/"),
            "LANGUAGE_CODE": issue.locale.language_code,
            **values,
        }
        html = render_to_string("newsletter/email/issue.html", context)
        text = render_to_string("newsletter/email/issue.txt", context)
    return issue.subject, html, text


def list_headers(unsubscribe_url):
    """RFC 8058 one-click unsubscribe, per recipient."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def preview_response(issue, request, mode_name):
    """The admin preview: the e-mail as a subscriber will see it, with inert example links."""
    example = {name: "#" for name in MERGE_FIELDS}
    _subject, html, text = render_issue(issue, example)
    if mode_name == "text":
        html = f'<pre style="white-space: pre-wrap; font: 15px/1.5 monospace">{escape(text)}</pre>'
    return HttpResponse(html)


def test_message(issue, email):
    """'Send a test to me': the issue as a subscriber gets it, with inert example links."""
    example = {name: absolute("/") for name in MERGE_FIELDS}
    subject, html, text = render_issue(issue, example)
    message = AnymailMessage(
        subject=f"[TEST] {subject}",
        body=text,
        from_email=sender(settings.NEWSLETTER_FROM_EMAIL, issue.locale.language_code),
        to=[email],
        tags=["newsletter-test"],
        headers=list_headers(example["unsubscribe_url"]),
    )
    message.attach_alternative(html, "text/html")
    return message
