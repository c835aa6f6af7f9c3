"""The terms of use were recorded twice: on the user (at sign-up) and as a TermsAcceptance (on
the download panel), and the panel asked again whoever had only the first. One record is kept,
TermsAcceptance: every sign-up date moves there (the earlier date wins when both exist), then
the user's column goes."""

from django.db import migrations


def move_to_terms_acceptance(apps, schema_editor):
    User = apps.get_model("subscriptions", "User")
    TermsAcceptance = apps.get_model("media_library", "TermsAcceptance")
    accepted = User.objects.filter(terms_accepted_at__isnull=False)
    existing = dict(TermsAcceptance.objects.values_list("user_id", "accepted_at"))
    for user_id, at in accepted.values_list("pk", "terms_accepted_at").iterator():
        if user_id not in existing:
            TermsAcceptance.objects.create(user_id=user_id, accepted_at=at)
        elif at < existing[user_id]:
            TermsAcceptance.objects.filter(user_id=user_id).update(accepted_at=at)


def move_back_to_user(apps, schema_editor):
    User = apps.get_model("subscriptions", "User")
    TermsAcceptance = apps.get_model("media_library", "TermsAcceptance")
    for user_id, at in TermsAcceptance.objects.values_list("user_id", "accepted_at").iterator():
        User.objects.filter(pk=user_id).update(terms_accepted_at=at)


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0009_merge_0008_newsletter_desk_0008_sending_lease"),
        ("media_library", "0007_player_role_and_terms_date"),
    ]

    operations = [
        migrations.RunPython(move_to_terms_acceptance, move_back_to_user),
        migrations.RemoveField(model_name="user", name="terms_accepted_at"),
    ]
