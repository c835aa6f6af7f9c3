"""The captions part of the video form in the admin: a file to import, and the cues typed or
adjusted row by row, checked by the same rules (media_library.captions.rules).

An import replaces the cues of this language version; a file with any problem is a form error
that names its lines and changes nothing (the cues, and the rest of the form as typed, stay).
The cues replaced by an import remain in the video's revision history."""

from django import forms
from django.utils.translation import gettext_lazy as _

from media_library.captions import files, rules
from media_library.models import CaptionCue


class CaptionsFormMixin(forms.Form):
    """Mixed into the video form, which provides `video_duration()`."""

    captions_file = forms.FileField(
        label=_("Import a caption file"),
        required=False,
        help_text=_(
            "SRT or WebVTT, in UTF-8. Replaces the captions below; a file with a problem "
            "changes nothing and the problem is shown with its line."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".srt,.vtt,text/vtt"}),
    )

    imported_cues = None

    def clean(self):
        cleaned = super().clean()
        duration = self.video_duration()
        upload = cleaned.get("captions_file")
        if upload:
            try:
                files.check_size(upload.size)  # before reading a byte of it
                self.imported_cues = files.read(upload.read(files.MAX_FILE_SIZE + 1), duration)
            except files.CaptionFileError as error:
                self.add_error("captions_file", error.messages)
        else:
            self._check_typed_cues(duration)
        return cleaned

    def _check_typed_cues(self, duration):
        formset = getattr(self, "formsets", {}).get("cues")
        if formset is None:
            return
        rows = [
            form
            for form in formset.forms
            if form.is_valid()
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("start") is not None
        ]
        rows.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        cues = [form.instance.as_cue() for form in rows]
        for index, field, message in rules.problems(cues, duration):
            rows[index].add_error(field, message[:1].upper() + message[1:])

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.imported_cues is not None:
            instance.cues = [
                CaptionCue(
                    locale_id=instance.locale_id,
                    sort_order=order,
                    start=cue.start,
                    end=cue.end,
                    text=cue.text,
                )
                for order, cue in enumerate(self.imported_cues)
            ]
        if commit:
            instance.save()
            self._save_m2m()
        return instance
