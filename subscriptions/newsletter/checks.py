"""A deployment that sends through an ESP must authenticate the ESP's webhooks."""

from django.conf import settings
from django.core.checks import Error, register


@register("newsletter", deploy=True)
def webhook_secret_is_set(app_configs, **kwargs):
    backend = settings.EMAIL_BACKEND
    uses_esp = backend.startswith("anymail.backends.") and backend.rsplit(".", 2)[-2] not in {
        "console",
        "test",
    }
    if uses_esp and not (settings.ANYMAIL or {}).get("WEBHOOK_SECRET"):
        return [
            Error(
                "ANYMAIL_WEBHOOK_SECRET is not set: the e-mail provider's tracking webhooks at "
                "/anymail/ would accept requests from anyone.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to 'user:password' (long random values) and "
                "give the same credentials to the ESP's webhook URLs.",
                id="newsletter.E001",
            )
        ]
    return []
