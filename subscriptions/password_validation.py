"""The portal's password policy: one small validator per rule, in Django's validator shape.

Listed in AUTH_PASSWORD_VALIDATORS, so they apply wherever Django validates a password: the public
sign-up, reset and change forms (through allauth), `createsuperuser`, Django's and Wagtail's user
forms. Each rule has its own message, so the form can say exactly which rule is not met; the same
rules are checked in the browser as the user types (static/subscriptions/js/password-rules.js),
each named by its `code`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class _Rule:
    """A rule: `code` names it (the browser checks the same code), `is_met` tests a password."""

    code = ""
    message = ""

    def is_met(self, password):
        raise NotImplementedError

    def validate(self, password, user=None):
        if not self.is_met(password):
            raise ValidationError(self.get_error_message(), code=self.code)

    def get_error_message(self):
        return str(self.message)

    def get_help_text(self):
        return str(self.help_text)


class MinimumLengthValidator(_Rule):
    code = "password_too_short"

    def __init__(self, min_length=12):
        self.min_length = min_length

    def is_met(self, password):
        return len(password) >= self.min_length

    def get_error_message(self):
        return ngettext(
            "Your password must contain at least %(count)d character.",
            "Your password must contain at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}

    def get_help_text(self):
        return ngettext(
            "At least %(count)d character",
            "At least %(count)d characters",
            self.min_length,
        ) % {"count": self.min_length}


class NoSpaceValidator(_Rule):
    code = "password_has_space"
    message = _("Your password must not contain spaces.")
    help_text = _("No spaces")

    def is_met(self, password):
        return not any(character.isspace() for character in password)


class UppercaseValidator(_Rule):
    code = "password_no_upper"
    message = _("Your password must contain at least one upper-case letter.")
    help_text = _("At least one upper-case letter")

    def is_met(self, password):
        return any(character.isupper() for character in password)


class LowercaseValidator(_Rule):
    code = "password_no_lower"
    message = _("Your password must contain at least one lower-case letter.")
    help_text = _("At least one lower-case letter")

    def is_met(self, password):
        return any(character.islower() for character in password)


class DigitValidator(_Rule):
    code = "password_no_digit"
    message = _("Your password must contain at least one digit.")
    help_text = _("At least one digit")

    def is_met(self, password):
        return any(character.isdigit() for character in password)


class SymbolValidator(_Rule):
    """A symbol is any visible character that is neither a letter nor a digit (ASCII or not)."""

    code = "password_no_symbol"
    message = _("Your password must contain at least one symbol, such as %(examples)s.")
    help_text = _("At least one symbol, such as %(examples)s")
    examples = "! ? # % & * - _"

    def is_met(self, password):
        return any(
            not character.isalnum() and not character.isspace() and character.isprintable()
            for character in password
        )

    def get_error_message(self):
        return self.message % {"examples": self.examples}

    def get_help_text(self):
        return self.help_text % {"examples": self.examples}
