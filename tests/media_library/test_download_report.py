"""The press office's download report: top videos, downloads per day, CSV export, permission."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from media_library.models import DownloadRecord


@pytest.fixture
def english_admin(admin_client, editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    return admin_client


@pytest.fixture
def records(db, django_user_model):
    reader = django_user_model.objects.create_user(email="desk@example.org", password="p" * 14)
    now = timezone.now()
    rows = [("Flood relief", 0), ("Flood relief", 0), ("Flood relief", 1), ("Harbour", 1)]
    for title, days_ago in rows:
        record = DownloadRecord.objects.create(
            user=reader, video_title=title, preset_slug="mp4-720p", start=1, end=5.5,
            full_length=False,
        )  # fmt: skip
        DownloadRecord.objects.filter(pk=record.pk).update(
            downloaded_at=now - timedelta(days=days_ago)
        )
    return reader


def test_report_shows_top_videos_and_downloads_per_day(english_admin, records):
    page = english_admin.get(reverse("media_library_download_report")).content.decode()
    top = page.split("Top videos")[1].split("Downloads per day")[0]
    assert top.index("Flood relief") < top.index("Harbour")
    assert "<td>3</td>" in top and "<td>1</td>" in top
    per_day = page.split("Downloads per day")[1].split("Each download")[0]
    assert per_day.count("<tr>") == 3  # heading + two days
    assert "desk@example.org" in page


def test_report_exports_csv(english_admin, records):
    response = english_admin.get(reverse("media_library_download_report"), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    heading, *rows = list(csv.reader(io.StringIO(text)))
    assert len(heading) == 8
    assert len(rows) == 4
    assert {row[1] for row in rows} == {"Flood relief", "Harbour"}
    assert {row[6] for row in rows} == {"desk@example.org"}


def test_report_is_for_the_press_office_only(client, records, django_user_model, roots):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user(email="ed@example.org", password="p" * 14)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse("media_library_download_report"))
    assert response.status_code in {302, 403}
