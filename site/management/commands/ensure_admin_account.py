"""Create the first administrator of a one-machine portal and print how to log in."""

import secrets
import string
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".portal-admin"
SYMBOLS = "!#%+-=?@_"


def new_password(length=20):
    """Random, and always meets the password policy (every kind of character, no space)."""
    alphabet = string.ascii_letters + string.digits + SYMBOLS
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
            and any(c in SYMBOLS for c in password)
        ):
            return password


class Command(BaseCommand):
    help = "Create the administrator account if missing; print its e-mail and password."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.org")

    def handle(self, *args, email, **options):
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        if user is None or not CREDENTIALS_FILE.exists():
            password = new_password()
            if user is None:
                user = User.objects.create_superuser(email=email, password=password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            CREDENTIALS_FILE.write_text(f"{email}\n{password}\n")
            CREDENTIALS_FILE.chmod(0o600)
        email, password = CREDENTIALS_FILE.read_text().split()
        base = settings.WAGTAILADMIN_BASE_URL
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator: {email} / password: {password}  (log in at {base}/admin/; "
                f"kept in {CREDENTIALS_FILE.name})"
            )
        )
