"""The terms of use are recorded once: the sign-up writes the record the download panel reads,
and the migration moved the dates the user table held to that record."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from media_library.models import TermsAcceptance

BEFORE = [
    ("subscriptions", "0009_merge_0008_newsletter_desk_0008_sending_lease"),
    ("media_library", "0007_player_role_and_terms_date"),
]
AFTER = [("subscriptions", "0010_terms_acceptance_in_one_record")]


@pytest.fixture
def back_to_the_latest_schema():
    """Going back to BEFORE unapplies every later migration (media_library's, the portal's):
    the rest of the suite needs them all again, not only AFTER."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_sign_up_dates_to_the_one_record(back_to_the_latest_schema):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("subscriptions", "User")
    OldAcceptance = old.get_model("media_library", "TermsAcceptance")
    early = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    later = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
    signed_up = User.objects.create(email="signed-up@example.org", terms_accepted_at=early)
    both = User.objects.create(email="both@example.org", terms_accepted_at=early)
    OldAcceptance.objects.create(user_id=both.pk, accepted_at=later)
    panel_only = User.objects.create(email="panel@example.org")
    OldAcceptance.objects.create(user_id=panel_only.pk, accepted_at=later)
    never = User.objects.create(email="never@example.org")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    accepted = dict(TermsAcceptance.objects.values_list("user_id", "accepted_at"))
    assert accepted == {signed_up.pk: early, both.pk: early, panel_only.pk: later}
    assert never.pk not in accepted
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "subscriptions_user"
        )
    ]
    assert "terms_accepted_at" not in columns
