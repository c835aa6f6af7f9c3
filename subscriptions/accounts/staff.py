"""Staff log-in and password reset go through the same rules as the public's.

- Wagtail's log-in form (WAGTAILADMIN_USER_LOGIN_FORM) authenticates through allauth's adapter,
  so ACCOUNT_RATE_LIMITS apply to /admin/login/ exactly as to the public log-in: "login" per
  client, "login_failed" per client and per account (a right password is refused too while the
  limit lasts).
- Wagtail's password reset (a 3-day link by e-mail) is replaced: every /admin/password_reset/
  address leads to the public reset by e-mailed code (hashed, ACCOUNT_CODE_MAX_ATTEMPTS tries,
  ACCOUNT_CODE_TIMEOUT), which then returns to the admin's log-in.
- Django's own admin log-in (/django-admin/, superusers only) leads to the same Wagtail log-in;
  Wagtail's log-in for private pages (/<lang>/_util/login/, WAGTAIL_FRONTEND_LOGIN_URL) leads to
  the public log-in. No door tries a password without the rate limits.
"""

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

LOGIN = "login"  # allauth's action: every log-in tried, from one client


class StaffLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail gives the field no label: Django would show its name, "Password", in English.
        self.fields["password"].label = _("Password")

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is None or not password:
            return self.cleaned_data
        adapter = get_adapter(self.request)
        if not ratelimit.consume(self.request, action=LOGIN):
            raise adapter.validation_error("too_many_login_attempts")
        # Raises "too many failed log-in attempts" while ACCOUNT_RATE_LIMITS["login_failed"]
        # (per client and per account) is used up, whatever the password.
        self.user_cache = adapter.authenticate(self.request, email=email, password=password)
        if self.user_cache is None:
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def password_reset(request, *args, **kwargs):
    """Any address under /admin/password_reset/: the reset by code, back to the admin after."""
    query = urlencode({"next": reverse("wagtailadmin_login")})
    return HttpResponseRedirect(f"{reverse('account_reset_password')}?{query}")


def django_admin_login(request, *args, **kwargs):
    """Django admin's log-in: Wagtail's (throttled), then back where the superuser was going."""
    target = request.GET.get("next") or reverse("admin:index")
    query = urlencode({"next": target})
    return HttpResponseRedirect(f"{reverse('wagtailadmin_login')}?{query}")


def page_login(request, *args, **kwargs):
    """Wagtail's log-in for private pages: the public log-in, `next` kept."""
    query = urlencode({"next": request.GET.get("next") or "/"})
    return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
