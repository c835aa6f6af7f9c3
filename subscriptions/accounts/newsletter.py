"""The seam between sign-up and the newsletter: the sign-up form's "also subscribe me" box is
stored on the user (`newsletter_requested`) and starts the newsletter's double opt-in."""

from subscriptions.newsletter import service


def request_subscription(user):
    """Start the newsletter's double opt-in for `user`."""
    service.subscribe(user.email, user.language, topics=(), source="signup")
    return True
