"""Messages of Wagtail and its add-ons that the portal translates itself: the project's
catalogue (site/locale, in LOCALE_PATHS) comes before the apps' ones. Listed here so that
makemessages keeps them.

- "Locale": Wagtail's French says "Région"; in this portal a locale is a language.
- Permission labels of Settings → Groups that Wagtail passes through gettext without a French
  translation: wagtail-localize's "Can submit translations", and the labels Wagtail shortens from
  a permission's name ("Can publish video" → "Can publish" in the video row).
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Locale"),
    gettext_noop("locale"),
    gettext_noop("Can submit translations"),
    gettext_noop("Can publish"),
    gettext_noop("Can choose"),
    gettext_noop("Can lock"),
    gettext_noop("Can unlock"),
]
