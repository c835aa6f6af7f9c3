"""Background work of the news app, run by RQ."""

from django.core.management import call_command


def publish_scheduled_pages():
    """End embargoes (publish pages whose go-live time has come) and unpublish expired ones."""
    call_command("publish_scheduled")
