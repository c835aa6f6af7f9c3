"""A date field people fill in as their language writes dates.

A browser's own date field (`type="date"`) shows the format of the browser's language, not the
page's: a French page in an English browser asks for "mm/dd/yyyy". This one is a text field in
the active language's first input format (Django's `DATE_INPUT_FORMATS`: 31/12/2026 in French,
2026-12-31 in English), which shows that format in its placeholder ("jj/mm/aaaa") and names it
in its error message. Every format of the language is accepted, and ISO dates always.
"""

import re

from django import forms
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


def date_pattern():
    """The active language's way of writing a date, in its own letters: 'jj/mm/aaaa' in French,
    'yyyy-mm-dd' in English."""
    letters = {
        # Translators: the letters standing for a day in a date pattern (French "jj").
        "%d": pgettext("date pattern", "dd"),
        # Translators: the letters standing for a month in a date pattern (French "mm").
        "%m": pgettext("date pattern", "mm"),
        # Translators: the letters standing for a year in a date pattern (French "aaaa").
        "%Y": pgettext("date pattern", "yyyy"),
        # Translators: a year of two digits in a date pattern (French "aa").
        "%y": pgettext("date pattern", "yy"),
    }
    first = get_format("DATE_INPUT_FORMATS")[0]
    return re.sub(r"%[dmYy]", lambda match: letters[match.group()], first)


class LocalDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", date_pattern())
        return context


class LocalDateField(forms.DateField):
    widget = LocalDateInput
    default_error_messages = {
        "invalid": format_lazy(_("Enter a date as {pattern}."), pattern=lazy(date_pattern, str)())
    }
