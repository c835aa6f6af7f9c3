"""Public accounts, built on django-allauth's code-based flows.

What the rest of the project needs from here is `can_download(user)`: downloads are for signed-in
people whose e-mail address has been verified (press office staff always may).
"""


def can_download(user):
    """True when `user` may download media: signed in, active, and e-mail address verified."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
