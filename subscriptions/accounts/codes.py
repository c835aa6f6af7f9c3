"""One-time codes kept only as a keyed hash.

allauth keeps the code it e-mails in the session (`state["code"]`) and compares what the user
types with it in constant time (`compare_user_code`). Here the code is replaced by an HMAC of it
(keyed with SECRET_KEY) as soon as it has been e-mailed, before the session is saved; the code
field hashes what the user types the same way, so allauth's constant-time comparison now compares
two hashes. A session store that leaks gives away no usable code.
"""

import time

from allauth.account.forms import ConfirmEmailVerificationCodeForm, ConfirmPasswordResetCodeForm
from allauth.account.internal.flows.email_verification_by_code import (
    EMAIL_VERIFICATION_CODE_SESSION_KEY,
)
from allauth.account.internal.flows.password_reset_by_code import (
    PASSWORD_RESET_VERIFICATION_SESSION_KEY,
    PasswordResetVerificationProcess,
)
from allauth.core.internal.cryptokit import normalize_user_code
from django import forms
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .formstyle import PortalFormMixin

SEALED_PREFIX = "hmac-sha256:"


def seal(code):
    """The keyed hash kept in place of `code` (spaces, dashes and case do not matter)."""
    digest = salted_hmac(
        "subscriptions.accounts.codes", normalize_user_code(code), algorithm="sha256"
    ).hexdigest()
    return SEALED_PREFIX + digest


def is_sealed(value):
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def seal_state(state):
    """Replace a plain code in an allauth process state by its hash (idempotent)."""
    code = state.get("code")
    if code and not is_sealed(code):
        state["code"] = seal(code)


def seal_session_code(request):
    """Seal the e-mail verification code left in the session by allauth's decoy process.

    When someone signs up with an address that already has an account, allauth runs the
    verification step all the same (so the page reveals nothing) with a code it never sends;
    that code does not pass through the adapter, so it is sealed here, after the view."""
    state = request.session.get(EMAIL_VERIFICATION_CODE_SESSION_KEY)
    if state and not is_sealed(state.get("code")) and state.get("code"):
        seal_state(state)
        request.session[EMAIL_VERIFICATION_CODE_SESSION_KEY] = state


class SealedCodeField(forms.CharField):
    """A code input whose cleaned value is the hash allauth compares with the stored one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Code"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "autocomplete": "one-time-code",
                    "autocapitalize": "characters",
                    "spellcheck": "false",
                    "inputmode": "text",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return seal(super().clean(value))


class ConfirmPasswordResetCodeSealedForm(PortalFormMixin, ConfirmPasswordResetCodeForm):
    code = SealedCodeField(help_text=_("The code has letters only; dashes are optional."))


class ConfirmEmailVerificationCodeSealedForm(PortalFormMixin, ConfirmEmailVerificationCodeForm):
    code = SealedCodeField(help_text=_("The code has letters only; dashes are optional."))


class PasswordResetProcess(PasswordResetVerificationProcess):
    """allauth's password reset by code, with the code hashed and a "send a new code" step."""

    def persist(self):
        seal_state(self.state)
        super().persist()

    def resend(self):
        """E-mail a fresh code: the earlier one stops working, the clock and attempts restart.

        An address without an account gets allauth's "unknown account" e-mail again, as on the
        first request: the page cannot tell the two apart.
        """
        self.state.pop("code", None)
        self.state["at"] = time.time()
        self.state["failed_attempts"] = 0
        self.send()
        self.record_resend()
        self.persist()

    @property
    def email(self):
        return self.state["email"]

    @classmethod
    def initiate(cls, *, request, user, email):
        process = cls(request, state=cls.initial_state(user, email), user=user)
        process.send()
        process.persist()
        return process

    @classmethod
    def resume(cls, request):
        state = request.session.get(PASSWORD_RESET_VERIFICATION_SESSION_KEY)
        if not state:
            return None
        return cls(request, state=state).abort_if_invalid()
