"""Account pages: allauth's views where they fit, extended where they fall short.

- the reset request shows the wait instead of a bare 429 when rate-limited;
- the code page gets "Send a new code" (throttled, wait shown) and keeps `next` on every step;
- the new-password step leads to a confirmation page whose button returns to `next`;
- the profile, data download and account deletion pages are the project's own.
"""

import json

from allauth.account import views as allauth_views
from allauth.account.models import EmailAddress
from allauth.account.utils import get_next_redirect_url
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from media_library.downloads import rules as downloads
from subscriptions.newsletter import service as newsletter

from . import throttle
from .adapter import code_minutes
from .codes import PasswordResetProcess, seal_session_code
from .forms import DeleteAccountForm, ProfileForm

CODE_REQUEST = "reset_password"  # allauth's action: every e-mailed reset code, first or new
CODE_ATTEMPT = "confirm_password_reset_code"  # the project's action: every code typed in
VERIFICATION_SENT = "confirm_email"  # allauth's action: every e-mail verification code sent
VERIFICATION_ATTEMPT = "confirm_email_code"  # the project's action: every such code typed in


class CodeAttemptLimitMixin:
    """Typing codes is rate-limited per client and per address (`attempt_action` in
    ACCOUNT_RATE_LIMITS), on top of allauth's wrong attempts allowed per code."""

    attempt_action = ""

    def attempts_refused(self):
        """None when this attempt may go on; else the page again, saying how long to wait."""
        key = self._process.email.lower()
        if ratelimit.consume(self.request, action=self.attempt_action, key=key):
            return None
        wait = throttle.wait_seconds(self.request, self.attempt_action, key)
        form = self.get_form_class()()
        return self.render_to_response(
            self.get_context_data(form=form, notice=throttle.wait_message(wait))
        )


class SignupView(allauth_views.SignupView):
    def form_valid(self, form):
        response = super().form_valid(form)
        seal_session_code(self.request)
        return response


class PasswordResetView(allauth_views.PasswordResetView):
    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        if not ratelimit.consume(self.request, action=CODE_REQUEST, key=email):
            wait = throttle.wait_seconds(self.request, CODE_REQUEST, email)
            form.add_error(None, throttle.wait_message(wait))
            return self.form_invalid(form)
        form.save(self.request)
        return HttpResponseRedirect(self.get_success_url())


class ConfirmPasswordResetCodeView(
    CodeAttemptLimitMixin, allauth_views.ConfirmPasswordResetCodeView
):
    attempt_action = CODE_ATTEMPT

    def dispatch(self, request, *args, **kwargs):
        self._process = PasswordResetProcess.resume(request)
        if not self._process:
            if request.method == "POST":
                messages.error(
                    request,
                    _("This code is no longer valid (expired or already used). Ask for a new one."),
                )
            return self._restart()
        if self._process.state.get("code_confirmed"):
            return self._redirect("account_complete_password_reset")
        # Skip allauth's dispatch, which would resume its own process class.
        return super(allauth_views.ConfirmPasswordResetCodeView, self).dispatch(
            request, *args, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "resend":
            return self.resend()
        return self.attempts_refused() or super().post(request, *args, **kwargs)

    def resend(self):
        key = self._process.email.lower()
        if ratelimit.consume(self.request, action=CODE_REQUEST, key=key):
            self._process.resend()
            messages.success(
                self.request,
                _("We have sent a new code to %(email)s. The earlier code no longer works.")
                % {"email": self._process.email},
            )
        else:
            wait = throttle.wait_seconds(self.request, CODE_REQUEST, key)
            messages.error(self.request, throttle.resend_wait_message(wait))
        return self._redirect("account_confirm_password_reset_code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wait = throttle.wait_seconds(self.request, CODE_REQUEST, self._process.email.lower())
        context["resend_wait"] = throttle.describe_wait(wait) if wait else ""
        context["code_minutes"] = code_minutes("password_reset")
        return context

    def form_invalid(self, form):
        if self._process.record_invalid_attempt():
            return super(allauth_views.ConfirmPasswordResetCodeView, self).form_invalid(form)
        messages.error(
            self.request,
            _("The code was entered wrongly too many times. Ask for a new code."),
        )
        return self._restart()

    def _restart(self):
        return self._redirect("account_reset_password")

    def _redirect(self, name):
        return HttpResponseRedirect(self.passthrough_next_url(reverse(name)))


class ConfirmEmailVerificationCodeView(
    CodeAttemptLimitMixin, allauth_views.ConfirmEmailVerificationCodeView
):
    """allauth's verification by code; "Send a new code" checks the limit first and shows the
    wait (allauth would replace the code, then answer a bare 429 without sending the new one)."""

    attempt_action = VERIFICATION_ATTEMPT

    def post(self, request, *args, **kwargs):
        refused = self._action == "verify" and self.attempts_refused()
        response = refused or super().post(request, *args, **kwargs)
        seal_session_code(request)  # a new decoy code (see SignupView)
        return response

    def _wait(self):
        return throttle.wait_seconds(self.request, VERIFICATION_SENT, self._process.email.lower())

    def _resend_form_valid(self, form):
        wait = self._wait()
        if not wait:
            return super()._resend_form_valid(form)
        messages.error(self.request, throttle.resend_wait_message(wait))
        return HttpResponseRedirect(
            self.passthrough_next_url(reverse("account_email_verification_sent"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wait = self._wait()
        context["resend_wait"] = throttle.describe_wait(wait) if wait else ""
        return context


class CompletePasswordResetView(allauth_views.CompletePasswordResetView):
    """The new password; then the confirmation page, `next` still attached."""

    def dispatch(self, request, *args, **kwargs):
        process = PasswordResetProcess.resume(request)
        if process and not process.state.get("code_confirmed"):  # allauth would drop `next`
            return HttpResponseRedirect(
                self.passthrough_next_url(reverse("account_confirm_password_reset_code"))
            )
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.passthrough_next_url(reverse("account_password_reset_completed"))


class PasswordResetCompletedView(TemplateView):
    template_name = "account/password_reset_completed.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["return_url"] = get_next_redirect_url(self.request) or f"/{get_language()}/"
        return context


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "account/profile.html"

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile has been saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("account_profile")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["email_addresses"] = EmailAddress.objects.filter(user=self.request.user)
        return context


def personal_data(user):
    """Everything the portal keeps about `user`, as a JSON-ready dict."""
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation": user.organisation,
        "country": str(user.country.code or ""),
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "newsletter_requested": user.newsletter_requested,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
    }


class DataDownloadView(LoginRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        user = request.user
        data = {
            "exported_at": timezone.now(),
            "account": personal_data(user),
            **downloads.personal_records(user),
            "newsletter": newsletter.personal_records(user.email),
        }
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="my-account-data.json"'
        return response


class DeleteAccountView(LoginRequiredMixin, FormView):
    form_class = DeleteAccountForm
    template_name = "account/delete_account.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def post(self, request, *args, **kwargs):
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            return ratelimit.respond_429(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        user.delete()
        messages.success(self.request, _("Your account has been deleted."))
        return HttpResponseRedirect(f"/{get_language()}/")
