"""Publishing a video requests its pre-generated renditions (presets marked so); publishing,
withdrawing or deleting a language version makes the renditions carrying captions again when
the public captions changed; deleting the last language version of a video deletes its files.
Connected by the app's ready()."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import published, unpublished

from media_library.caption_tracks import refresh_captioned_renditions
from media_library.models import VideoAsset, VideoFile


def pregenerate_on_publish(sender, instance, **kwargs):
    refresh_captions(sender, instance)
    instance.video.pregenerate()


def refresh_captions(sender, instance, **kwargs):
    """Captions are only public once published (a draft's cues wait in its revision): every
    change of what the public sees goes through a publish, a withdrawal or a deletion."""
    refresh_captioned_renditions(instance.video_id)


def connect():
    published.connect(pregenerate_on_publish, sender=VideoAsset, dispatch_uid="media_pregenerate")
    unpublished.connect(refresh_captions, sender=VideoAsset, dispatch_uid="media_captions_off")
    post_delete.connect(refresh_captions, sender=VideoAsset, dispatch_uid="media_captions_gone")
    post_delete.connect(delete_orphaned_file, sender=VideoAsset, dispatch_uid="media_orphans")


def delete_orphaned_file(sender, instance, **kwargs):
    """The last language version of a video is gone: its original, pictures and renditions go
    too (after the commit, so a rolled-back deletion loses nothing)."""
    video_id = instance.video_id

    def clean_up():
        if VideoAsset.objects.filter(video_id=video_id).exists():
            return
        video = VideoFile.objects.filter(pk=video_id).first()
        if video is None:
            return
        files = [video.file, video.strip, *(r.file for r in video.renditions.all())]
        video.delete()
        for field_file in files:
            if field_file:
                field_file.storage.delete(field_file.name)

    transaction.on_commit(clean_up)
