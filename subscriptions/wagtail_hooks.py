"""Admin registrations of the app: the newsletter's live in newsletter/wagtail_hooks.py."""

from .newsletter import wagtail_hooks  # noqa: F401
