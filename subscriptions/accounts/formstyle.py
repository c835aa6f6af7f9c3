"""How every account form looks: labels without a trailing colon, no placeholders (the labels
say it all, and placeholders vanish as one types), a country list that says what to do."""

from django.utils.translation import gettext_lazy as _


class PortalFormMixin:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        country = self.fields.get("country")
        if country is not None:
            countries = [choice for choice in country.choices if choice[0]]
            country.choices = [("", _("Choose a country")), *countries]
