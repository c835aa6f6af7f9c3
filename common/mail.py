"""The sender of the portal's e-mails, its display name in the language of the e-mail.

`DEFAULT_FROM_EMAIL` (default "Press office <press@localhost>") names the sender in English;
its display name is looked up in the translation catalogues, so a French e-mail comes from
"Service de presse <press@localhost>". A name the catalogues do not know is kept as configured.
Every sender of the portal uses this."""

from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

gettext_noop("Press office")  # the display name of the default DEFAULT_FROM_EMAIL


def sender(address=None, language=None):
    """`address` (DEFAULT_FROM_EMAIL when None) with its display name in `language` (by default
    the active one)."""
    if language:
        with translation.override(language):
            return sender(address)
    address = address or settings.DEFAULT_FROM_EMAIL
    name, email = parseaddr(address)
    if not name or "@" not in email:
        return address
    username, domain = email.rsplit("@", 1)
    return str(Address(display_name=gettext(name), username=username, domain=domain))


def account_language(user, fallback):
    """The language `user` asked their e-mails in (the user model's `language` field, read
    without knowing the model), else `fallback`."""
    preferred = getattr(user, "language", "")
    return preferred if preferred in dict(settings.LANGUAGES) else fallback
