"""Messages of Wagtail and its add-ons that the portal translates itself: the project's
catalogue (site/locale, in LOCALE_PATHS) comes before the apps' ones. Listed here so that
makemessages keeps them.

- "Locale": Wagtail's French says "Région"; in this portal a locale is a language.
"""

from django.utils.translation import gettext_noop

MESSAGES = [gettext_noop("Locale")]
