"""The containers and codecs a download preset may name (choices of DownloadPreset's fields)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Container(models.TextChoices):
    ORIGINAL = "original", _("Same as the original")
    MP4 = "mp4", "MP4"
    MOV = "mov", "QuickTime (MOV)"
    MP3 = "mp3", "MP3"
    WAV = "wav", "WAV"
    M4A = "m4a", "M4A (AAC)"


class VideoCodec(models.TextChoices):
    COPY = "copy", _("Copy the original stream")
    H264 = "libx264", "H.264"
    H265 = "libx265", "H.265 / HEVC"
    NONE = "", _("None")


class AudioCodec(models.TextChoices):
    COPY = "copy", _("Copy the original stream")
    AAC = "aac", "AAC"
    MP3 = "libmp3lame", "MP3"
    PCM16 = "pcm_s16le", _("PCM 16 bit")
    PCM24 = "pcm_s24le", _("PCM 24 bit")
    NONE = "", _("None")


# Containers whose index is moved to the front, so that players start before the end arrives.
FASTSTART_CONTAINERS = {Container.MP4, Container.MOV, Container.M4A}
