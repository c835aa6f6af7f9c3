from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations, models

from resilience.cache import FALLBACK_TABLE


def create_cache_table(apps, schema_editor):
    """Django's own `createcachetable`, for the fallback cache's table (part of `migrate`)."""
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, FALLBACK_TABLE, False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(FALLBACK_TABLE)}")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table),
        migrations.CreateModel(
            name="OutboxEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("job", "job"), ("call", "call")], default="job", max_length=8, verbose_name="kind")),
                ("queue", models.CharField(blank=True, max_length=50, verbose_name="queue")),
                ("function", models.CharField(max_length=255, verbose_name="function")),
                ("arguments", models.BinaryField()),
                ("job_id", models.CharField(max_length=64, unique=True, verbose_name="job")),
                ("job_timeout", models.PositiveIntegerField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("handed_over_at", models.DateTimeField(blank=True, null=True, verbose_name="handed over")),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.CharField(blank=True, max_length=500)),
            ],
            options={"verbose_name": "outbox entry", "verbose_name_plural": "outbox entries", "indexes": [models.Index(fields=["handed_over_at", "id"], name="portal_outbox_pending")]},
        ),
    ]
