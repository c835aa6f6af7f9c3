"""Forms of the public account pages (allauth's, extended through ACCOUNT_FORMS and
ACCOUNT_SIGNUP_FORM_CLASS, plus the profile pages allauth does not have)."""

from allauth.account.forms import (
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SetPasswordForm,
    SignupForm,
)
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .codes import PasswordResetProcess
from .formstyle import PortalFormMixin


def password_rules():
    """The rules of AUTH_PASSWORD_VALIDATORS, each with the code the browser checks it by."""
    return [
        {
            "code": getattr(validator, "code", ""),
            "text": validator.get_help_text(),
            "min_length": getattr(validator, "min_length", None),
        }
        for validator in password_validation.get_default_password_validators()
    ]


class PasswordRulesMixin(PortalFormMixin):
    """The new password's help text is the list of rules, ticked off as the user types."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].help_text = render_to_string(
                "account/includes/password_rules.html", {"rules": password_rules()}
            )


class PortalSignupForm(PasswordRulesMixin, SignupForm):
    field_order = [
        "first_name",
        "last_name",
        "email",
        "organisation",
        "country",
        "language",
        "password1",
        "password2",
        "accept_terms",
        "newsletter",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.order_fields(self.field_order)


class PortalResetPasswordKeyForm(PasswordRulesMixin, ResetPasswordKeyForm):
    pass


class PortalChangePasswordForm(PasswordRulesMixin, ChangePasswordForm):
    pass


class PortalSetPasswordForm(PasswordRulesMixin, SetPasswordForm):
    pass


class PortalLoginForm(PortalFormMixin, LoginForm):
    """allauth's log-in form; "remember me" is worded for people on shared computers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me logged in on this device")
        self.fields["login"].label = _("E-mail address")
        self.fields["password"].help_text = ""  # the page has the link, with `next` kept


class CodeResetPasswordForm(PortalFormMixin, ResetPasswordForm):
    """allauth's reset request, starting the process that keeps the code hashed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")

    def save(self, request, **kwargs):
        email = self.cleaned_data["email"]
        PasswordResetProcess.initiate(
            request=request, user=(self.users[0] if self.users else None), email=email
        )
        return email


class ProfileForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "organisation", "country", "language"]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "organisation": _("Media outlet or organisation"),
            "country": _("Country"),
            "language": _("Preferred language"),
        }
        help_texts = {"language": _("The language of the e-mails we send you.")}


class DeleteAccountForm(PortalFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password
