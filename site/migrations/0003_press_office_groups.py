"""Editors and Moderators get the portal's videos, topics and newsletter (site/staff_groups.py)."""

from django.db import migrations

from portal.staff_groups import ensure_press_office_groups


def give_permissions(apps, schema_editor):
    ensure_press_office_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_job_monitoring_permission"),
        ("translators", "0001_translator_groups"),
        ("media_library", "0009_clip_ranges_and_captions_digest"),
        ("news", "0002_alter_pressreleasepage_body"),
        ("subscriptions", "0010_terms_acceptance_in_one_record"),
    ]

    operations = [migrations.RunPython(give_permissions, migrations.RunPython.noop)]
