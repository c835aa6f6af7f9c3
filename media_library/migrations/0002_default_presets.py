"""The download presets a press office needs on day one; editors change them in the admin."""

from django.db import migrations

PRESETS = [
    {
        "slug": "original",
        "name_fr": "Qualité d'origine",
        "name_en": "Original quality",
        "container": "original",
        "video_codec": "copy",
        "audio_codec": "copy",
    },
    {
        "slug": "mp4-1080p",
        "name_fr": "MP4 1080p (H.264/AAC)",
        "name_en": "MP4 1080p (H.264/AAC)",
        "container": "mp4",
        "video_codec": "libx264",
        "height": 1080,
        "crf": 20,
        "audio_codec": "aac",
        "audio_bitrate": 192,
    },
    {
        "slug": "mp4-720p",
        "name_fr": "MP4 720p",
        "name_en": "MP4 720p",
        "container": "mp4",
        "video_codec": "libx264",
        "height": 720,
        "crf": 22,
        "audio_codec": "aac",
        "audio_bitrate": 160,
        "pregenerate": True,
    },
    {
        "slug": "mp4-360p-web",
        "name_fr": "MP4 360p pour le web",
        "name_en": "MP4 360p for the web",
        "container": "mp4",
        "video_codec": "libx264",
        "height": 360,
        "crf": 26,
        "audio_codec": "aac",
        "audio_bitrate": 96,
        "pregenerate": True,
    },
    {
        "slug": "mp3",
        "name_fr": "Son seul (MP3)",
        "name_en": "Audio only (MP3)",
        "container": "mp3",
        "audio_codec": "libmp3lame",
        "audio_bitrate": 192,
        "audio_only": True,
    },
    {
        "slug": "wav-48k",
        "name_fr": "Son WAV 48 kHz (diffusion)",
        "name_en": "WAV 48 kHz audio (broadcast)",
        "container": "wav",
        "audio_codec": "pcm_s24le",
        "audio_sample_rate": 48000,
        "audio_only": True,
    },
]


def create_presets(apps, schema_editor):
    DownloadPreset = apps.get_model("media_library", "DownloadPreset")
    for order, preset in enumerate(PRESETS):
        DownloadPreset.objects.update_or_create(
            slug=preset["slug"], defaults={**preset, "sort_order": order}
        )


def remove_presets(apps, schema_editor):
    DownloadPreset = apps.get_model("media_library", "DownloadPreset")
    DownloadPreset.objects.filter(slug__in=[preset["slug"] for preset in PRESETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("media_library", "0001_initial")]

    operations = [migrations.RunPython(create_presets, remove_presets)]
