"""The captions tab of the video in the admin (and in wagtail-localize's translation editor,
which shows one segment per cue text there): the kind of track, a file to import, the cues."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList

CAPTIONS_TAB = ObjectList(
    [
        FieldPanel("captions_kind"),
        FieldPanel("captions_file"),
        InlinePanel(
            "cues",
            heading=_("Captions"),
            label=_("Caption"),
            panels=[
                FieldPanel("start"),
                FieldPanel("end"),
                FieldPanel("text", widget=forms.Textarea(attrs={"rows": 2})),
            ],
        ),
    ],
    heading=_("Captions"),
)
