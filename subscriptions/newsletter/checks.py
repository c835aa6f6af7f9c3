"""A deployment that sends through an ESP must authenticate the ESP's webhooks."""

from django.conf import settings
from django.core.checks import Error, register

from .webhooks import secret_is_set

LOCAL_BACKENDS = {"console", "test", "locmem", "dummy", "filebased"}


def uses_esp():
    """An ESP is configured (ANYMAIL_ESP), or EMAIL_BACKEND names one of Anymail's ESPs."""
    backend = settings.EMAIL_BACKEND
    anymail_esp = backend.startswith("anymail.backends.") and (
        backend.rsplit(".", 2)[-2] not in LOCAL_BACKENDS
    )
    return bool(settings.ANYMAIL_ESP) or anymail_esp


@register("newsletter", deploy=True)
def webhook_secret_is_set(app_configs, **kwargs):
    if uses_esp() and not secret_is_set():
        return [
            Error(
                "ANYMAIL_WEBHOOK_SECRET is not set: the e-mail provider's tracking webhooks at "
                "/anymail/ are off (403), so bounces and complaints are not recorded.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to 'user:password' (long random values) and "
                "give the same credentials to the ESP's webhook URLs.",
                id="newsletter.E001",
            )
        ]
    return []
