"""Asking the ESP which recipients it accepted: how a sending interrupted in the middle of an API
call (a worker killed, a machine lost) finds out, instead of guessing, who got the issue.

Every message carries the delivery id of each recipient in its metadata (Anymail's `metadata`
or `merge_metadata`, one per recipient): the per-recipient idempotency key. After a crash, the
deliveries left "claimed" are looked up in the ESP's own record of accepted messages: the ones
it has are "sent" (with its message id), the others were never taken and go back to the queue.

Only ESPs with an API to list accepted messages with their metadata can be asked: Mailgun (its
events API). With any other backend `for_connection()` returns None and the deliveries are
marked "unconfirmed" (may have been sent): the sending is then reported as finished with
unconfirmed recipients, not "sent", until tracking webhooks resolve them (a delivery, a bounce)
or staff decide to send them again (sending.resend_unconfirmed).
"""

import email.utils
from datetime import timedelta

import requests
from django.conf import settings

PAGE_LIMIT = 300  # Mailgun's largest page
MARGIN = timedelta(minutes=2)  # clocks differ: look a little before the first claim


class ReconciliationUnavailable(Exception):
    """The ESP could not be asked now; try again later."""


class MailgunEvents:
    """Mailgun's `GET /v3/<domain>/events?event=accepted`, read page after page."""

    def __init__(self, connection):
        self.api_url = connection.api_url
        self.api_key = connection.api_key
        self.timeout = connection.timeout
        domain = connection.sender_domain
        if not domain:
            domain = email.utils.parseaddr(settings.NEWSLETTER_FROM_EMAIL)[1].rpartition("@")[2]
        self.url = f"{self.api_url}{domain}/events"

    def accepted(self, delivery_ids, since):
        """{delivery id: ESP message id} of the given deliveries the ESP accepted since then."""
        wanted = {str(pk) for pk in delivery_ids}
        found = {}
        url = self.url
        params = {
            "event": "accepted",
            "begin": int((since - MARGIN).timestamp()),
            "ascending": "yes",
            "limit": PAGE_LIMIT,
        }
        while url:
            try:
                response = requests.get(
                    url, params=params, auth=("api", self.api_key), timeout=self.timeout
                )
                response.raise_for_status()
                page = response.json()
            except (requests.RequestException, ValueError) as error:
                raise ReconciliationUnavailable(str(error)) from error
            items = page.get("items") or []
            for item in items:
                delivery = str((item.get("user-variables") or {}).get("delivery", ""))
                if delivery in wanted:
                    headers = (item.get("message") or {}).get("headers") or {}
                    found[int(delivery)] = headers.get("message-id", "")
            url = (page.get("paging") or {}).get("next") if items else None
            params = None  # the next page's address carries them
        return found


RECONCILERS = {"Mailgun": MailgunEvents}


def for_connection(connection):
    """A reconciler for the connection's ESP, or None when the ESP cannot be asked."""
    reconciler = RECONCILERS.get(getattr(connection, "esp_name", None))
    return reconciler(connection) if reconciler else None
