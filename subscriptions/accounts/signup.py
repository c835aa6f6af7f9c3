"""The portal's own sign-up fields (ACCOUNT_SIGNUP_FORM_CLASS): allauth adds them to its sign-up
form. This module must not import allauth's forms (allauth builds its form from this class)."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from media_library.downloads import rules as downloads

from . import newsletter


class SignupDetailsForm(forms.Form):
    """The portal's own sign-up fields, added by allauth to its sign-up form."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organisation = forms.CharField(label=_("Media outlet or organisation"), max_length=200)
    country = (
        get_user_model()._meta.get_field("country").formfield(label=_("Country"), required=True)
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the e-mails we send you."),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use"),
        error_messages={"required": _("Please accept the terms of use to create an account.")},
    )
    newsletter = forms.BooleanField(
        label=_("Also subscribe me to the newsletter"),
        required=False,
        help_text=_("We will e-mail you a link to confirm the subscription."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()
        for name, autocomplete in {
            "first_name": "given-name",
            "last_name": "family-name",
            "organisation": "organization",
            "country": "country",
        }.items():
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def signup(self, request, user):
        data = self.cleaned_data
        user.first_name = data["first_name"]
        user.last_name = data["last_name"]
        user.organisation = data["organisation"]
        user.country = data["country"]
        user.language = data["language"]
        user.newsletter_requested = data["newsletter"]
        user.save()
        downloads.accept_terms(user)
        if user.newsletter_requested:
            newsletter.request_subscription(user)
