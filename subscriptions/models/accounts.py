from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class EmailUserManager(UserManager):
    """Users are found and created by e-mail address: there is no user name."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        """An administrator's password always meets the password policy (ValidationError
        otherwise): `createsuperuser` in both modes (its "bypass" answer included, and
        DJANGO_SUPERUSER_PASSWORD with --noinput), `ensure_admin_account` and any script."""
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        if password is not None:
            password_validation.validate_password(
                password, self.model(email=self.normalize_email(email or "").lower())
            )
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """An account of the portal: press office staff and the public (journalists, broadcasters).

    The e-mail address is the login. Public profile fields live here too, so one row is one person.
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    organisation = models.CharField(_("media outlet or organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # The "also subscribe me to the newsletter" box of the sign-up form. The newsletter's own
    # double opt-in (subscriptions.newsletter) is started from it when that service exists.
    newsletter_requested = models.BooleanField(
        _("asked for the newsletter at sign-up"), default=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email
