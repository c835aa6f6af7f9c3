"""Translators into English and into French replace the single `Translators` group, whose page
permissions reached the French originals. Its members join both new groups."""

from django.db import migrations

from translators.groups import ensure_translator_groups

OLD_GROUP = "Translators"


def create_groups(apps, schema_editor):
    groups = ensure_translator_groups(apps)
    old = apps.get_model("auth", "Group").objects.filter(name=OLD_GROUP).first()
    if old is not None:
        for group in groups:
            group.user_set.add(*old.user_set.all())
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        # after the migrations that hand "choose" permissions to every admin group
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
