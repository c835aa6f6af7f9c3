"""Create the first administrator of a one-machine portal and print how to log in."""

import secrets
import string
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".portal-admin"
ALPHABET = string.ascii_letters + string.digits + "!#%+-=?@_"


def meets_policy(password, user=None):
    """True when the password policy (AUTH_PASSWORD_VALIDATORS) accepts `password`."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError:
        return False
    return True


def new_password(user=None, length=20):
    """Random, drawn again until the password policy accepts it."""
    while True:
        password = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if meets_policy(password, user):
            return password


def kept_credentials():
    """(e-mail, password) kept by an earlier run, or None."""
    if not CREDENTIALS_FILE.exists():
        return None
    email, password = CREDENTIALS_FILE.read_text().split()
    return email, password


class Command(BaseCommand):
    help = "Create the administrator account if missing; print its e-mail and password."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.org")

    def handle(self, *args, email, **options):
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        kept = kept_credentials()
        # A password kept from before the current policy is replaced, never printed as valid.
        if user is None or kept is None or not meets_policy(kept[1], user):
            password = new_password(user or User(email=email))
            if user is None:
                user = User.objects.create_superuser(email=email, password=password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            CREDENTIALS_FILE.write_text(f"{email}\n{password}\n")
            CREDENTIALS_FILE.chmod(0o600)
        email, password = kept_credentials()
        base = settings.WAGTAILADMIN_BASE_URL
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator: {email} / password: {password}  (log in at {base}/admin/; "
                f"kept in {CREDENTIALS_FILE.name})"
            )
        )
