"""allauth's adapter, adjusted to the portal (ACCOUNT_ADAPTER points here).

- every e-mail is rendered in its recipient's language, as text with an HTML alternative, and
  leaves through Django's EMAIL_BACKEND (Anymail);
- e-mail verification codes are kept hashed once sent (see codes.py);
- a `next` destination is accepted only when it is a path on this site.
"""

import math

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from common.mail import account_language, sender

from .codes import seal_state


def recipient_language(email, context):
    """The language of the account behind `email` if there is one, else the page's language."""
    user = context.get("user")
    if user is None:
        user = get_user_model().objects.filter(email__iexact=email).only("language").first()
    return account_language(user, translation.get_language())


def code_minutes(template_prefix):
    """How long the code of this e-mail stays valid, in minutes."""
    if "password_reset" in template_prefix:
        return math.ceil(app_settings.PASSWORD_RESET_BY_CODE_TIMEOUT / 60)
    return math.ceil(app_settings.EMAIL_VERIFICATION_BY_CODE_TIMEOUT / 60)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        context = {"code_minutes": code_minutes(template_prefix), **context}
        with translation.override(recipient_language(email, context)):
            super().send_mail(template_prefix, email, context)

    def get_from_email(self):
        """The sender's display name in the e-mail's language (send_mail activates it)."""
        return sender()

    def format_email_subject(self, subject):
        return subject  # the subject templates say everything, the code first

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's text message, plus one HTML layout for all of them (the code shown large)."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if not getattr(message, "alternatives", None) and hasattr(message, "attach_alternative"):
            # The code stands large where the text has it, once (the subject names it too).
            code = context.get("code")
            before, found, after = message.body.partition(code) if code else (message.body, "", "")
            html = render_to_string(
                "account/email/layout.html",
                {"subject": message.subject, "before": before, "code": found, "after": after},
            )
            message.attach_alternative(html, "text/html")
        return message

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        super().send_confirmation_mail(request, emailconfirmation, signup)
        state = getattr(emailconfirmation, "state", None)
        if state is not None:  # a verification by code: keep only its hash from now on
            seal_state(state)

    def get_login_redirect_url(self, request):
        """Without a `next`: the home page in the language being read."""
        return f"/{translation.get_language()}/"

    get_logout_redirect_url = get_login_redirect_url

    def is_safe_url(self, url):
        """Only paths on this site ("/en/news/"), never another host or scheme."""
        return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
