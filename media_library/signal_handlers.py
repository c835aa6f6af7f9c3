"""Publishing a video requests its pre-generated renditions (presets marked so)."""

from wagtail.signals import published


def pregenerate_on_publish(sender, instance, **kwargs):
    instance.video.pregenerate()


def connect():
    from media_library.models import VideoAsset

    published.connect(pregenerate_on_publish, sender=VideoAsset, dispatch_uid="media_pregenerate")
