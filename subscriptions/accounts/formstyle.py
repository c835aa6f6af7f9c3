"""How every account form looks: labels without a trailing colon, no placeholders (the labels
say it all, and placeholders vanish as one types)."""


class PortalFormMixin:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
