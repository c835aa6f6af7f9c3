"""The video form of the admin: the upload is probed before anything is stored."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from media_library import timecode
from media_library.caption_forms import CaptionsFormMixin
from media_library.encoding import probe, workspace
from media_library.models import VideoAsset, VideoFile


def max_upload_size():
    return settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZE


class VideoAssetForm(CaptionsFormMixin, WagtailAdminModelForm):
    """Creating a video takes a file, probed by ffprobe: a bad file is a form error and leaves
    nothing behind. Editing never replaces the file (its renditions and translations share it).
    Captions: see CaptionsFormMixin.
    """

    upload = forms.FileField(
        label=_("Video file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/*,.mxf,.mkv,.mov,.mp4"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.probed = None
        self._limit_collections()
        if self.instance.pk:
            self.fields.pop("upload", None)
        elif "upload" in self.fields:
            field = self.fields["upload"]
            field.required = True
            field.help_text = _("Any common video format, up to %(size)s.") % {
                "size": filesizeformat(max_upload_size())
            }
            field.widget.attrs["data-max-size"] = str(max_upload_size())

    def _limit_collections(self):
        """Only the collections the editor may add videos to; no choice when there is one."""
        field = self.fields.get("collection")
        if field is None or self.for_user is None:
            return
        policy = policy_registry.get_by_type(VideoAsset)
        collections = policy.collections_user_has_permission_for(self.for_user, "add")
        if self.instance.pk:
            collections = collections | Collection.objects.filter(pk=self.instance.collection_id)
        if len(collections) <= 1 and not self.instance.pk:
            del self.fields["collection"]
            if collections:
                self.instance.collection = collections[0]
        else:
            field.queryset = collections

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return upload
        if upload.size > max_upload_size():
            raise forms.ValidationError(
                _("The file is larger than the %(size)s allowed.")
                % {"size": filesizeformat(max_upload_size())},
                code="too_large",
            )
        try:
            self.probed = _probe_upload(upload)
        except probe.InvalidVideo as invalid:
            raise forms.ValidationError(invalid.message, code=invalid.code) from None
        return upload

    def video_duration(self):
        """The duration of the uploaded file, or of the video being edited; None without."""
        if self.probed:
            return self.probed.duration
        return self.instance.video.duration if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        duration = self.video_duration()
        shots = getattr(self, "formsets", {}).get("shots")
        if duration is not None and shots is not None:
            for form in shots.forms:
                if not form.is_valid() or form.cleaned_data.get("DELETE"):
                    continue
                end = form.cleaned_data.get("end")
                if end is not None and end > duration:
                    form.add_error(
                        "end",
                        _("The out time is after the end of the video (%(duration)s).")
                        % {"duration": timecode.format(duration)},
                    )
        return cleaned

    def save(self, commit=True):
        if self.probed is not None and not self.instance.video_id:
            upload = self.cleaned_data["upload"]
            video = VideoFile(
                original_filename=upload.name[:255],
                uploaded_by_user=self.for_user if self.for_user.is_authenticated else None,
                **self.probed.as_fields(),
            )
            video.file.save(upload.name, upload, save=False)
            video.save()
            video.enqueue_on_commit()
            self.instance.video = video
        return super().save(commit=commit)


def _probe_upload(upload):
    """ffprobe the upload where it lies on disk (large uploads are streamed to a temporary file);
    a small one kept in memory is written out first."""
    if hasattr(upload, "temporary_file_path"):
        return probe.probe(upload.temporary_file_path())
    with workspace.folder("upload") as work:
        copy = work / "upload"
        with open(copy, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        upload.seek(0)
        return probe.probe(copy)
