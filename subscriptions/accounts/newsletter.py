"""The seam between sign-up and the newsletter.

The sign-up form's "also subscribe me" box is stored on the user (`newsletter_requested`) and,
when the newsletter's service exists, starts its double opt-in.
"""

import logging

logger = logging.getLogger(__name__)


def request_subscription(user):
    """Start the newsletter's double opt-in for `user`; False when there is no newsletter yet."""
    try:
        from subscriptions.newsletter.service import subscribe
    except ImportError:
        logger.info("No newsletter service yet: the request stays on user %s", user.pk)
        return False
    subscribe(user.email, user.language, topics=(), source="signup")
    return True
