"""Press release reference numbers: `PR/CP(2025)123` (press release / communiqué de presse)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REFERENCE_PATTERN = re.compile(r"PR/CP\((?P<year>\d{4})\)(?P<number>\d{1,4})")


def normalise_reference(value):
    """Upper case without spaces: ` pr/cp (2025) 123 ` is `PR/CP(2025)123`."""
    return re.sub(r"\s+", "", value or "").upper()


def validate_reference(value):
    if not REFERENCE_PATTERN.fullmatch(normalise_reference(value)):
        raise ValidationError(
            _("%(value)s is not a reference number: write it as PR/CP(2025)123."),
            code="invalid_reference",
            params={"value": value},
        )
