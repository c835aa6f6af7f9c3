"""The press office's download report: top videos (a video's language versions together),
downloads per day, the date filter, readable values on the page and in the CSV exports,
CSV files that open in Excel in either language (byte-order mark, the language's separator),
XLSX summaries, permission."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from media_library.models import DownloadRecord, VideoAsset

REPORT = "media_library_download_report"


@pytest.fixture
def admin_in(admin_client, editor):
    """The admin client, its user's interface in `language`."""
    from wagtail.users.models import UserProfile

    def switch(language):
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = language
        profile.save()
        return admin_client

    return switch


@pytest.fixture
def conference(make_asset, small_video, media_root, roots):
    """One video in two languages: French first, then its English version."""
    french = make_asset(small_video, title="Conférence de presse de rentrée", locale="fr")
    english = VideoAsset.objects.create(
        title="Autumn press conference",
        video=french.video,
        locale=roots["en"],
        translation_key=french.translation_key,
    )
    return french, english


def local(day, hour):
    """A moment of `day` days ago at `hour` o'clock in the portal's time zone."""
    date = timezone.localdate() - timedelta(days=day)
    return timezone.make_aware(datetime(date.year, date.month, date.day, hour))


def record(
    user, *, title, asset=None, preset="mp4-720p", start=1, end=5.5, at=None, full=False, ranges=()
):
    row = DownloadRecord.objects.create(
        user=user, asset=asset, video_title=title, preset_slug=preset, start=start, end=end,
        full_length=full, ranges=list(ranges),
    )  # fmt: skip
    DownloadRecord.objects.filter(pk=row.pk).update(downloaded_at=at or timezone.now())
    return row


@pytest.fixture
def reader(db, django_user_model):
    return django_user_model.objects.create_user(
        email="desk@example.org", password="p" * 14, first_name="Jeanne", organisation="Le Soir"
    )


@pytest.fixture
def freelance(db, django_user_model):
    return django_user_model.objects.create_user(email="free@example.org", password="p" * 14)


@pytest.fixture
def records(reader, freelance, conference):
    french, english = conference
    record(reader, title=english.title, asset=english, at=local(0, 10))
    record(reader, title=english.title, asset=english, at=local(0, 11), preset="original")
    record(reader, title=french.title, asset=french, at=local(3, 9), start=0, end=3, full=True)
    record(freelance, title="Harbour (deleted since)", at=local(3, 12), preset="mp3")
    return conference


def section(page, start, end):
    return page.split(start)[1].split(end)[0]


def rows_of(html):
    return [
        [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] for row in html.split("<tr>")[2:]
    ]


def page(client, **params):
    return client.get(reverse(REPORT), params).content.decode()


def csv_text(response):
    """The file's text, after checking it starts with the UTF-8 byte-order mark Excel needs."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    return content.decode("utf-8-sig")


SEPARATORS = {"en": ",", "fr": ";"}  # Excel's list separator in each language


def csv_rows(response, language="en"):
    text = csv_text(response)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATORS[language]))


def xlsx_rows(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_top_videos_count_the_language_versions_of_a_video_together(admin_in, records):
    english = page(admin_in("en"))
    top = rows_of(section(english, "Top videos", "Downloads per day"))
    assert top == [["Autumn press conference", "3"], ["Harbour (deleted since)", "1"]]

    french = page(admin_in("fr"))
    top = rows_of(section(french, "Vidéos les plus téléchargées", "Téléchargements par jour"))
    assert top == [["Conférence de presse de rentrée", "3"], ["Harbour (deleted since)", "1"]]


def test_a_video_without_a_version_in_the_admins_language_shows_another(admin_in, records):
    french, english = records
    english.download_records.all().delete()
    english.delete()
    top = rows_of(section(page(admin_in("en")), "Top videos", "Downloads per day"))
    assert top[0] == ["Conférence de presse de rentrée", "1"]


def test_downloads_per_day_in_the_local_time_zone(admin_in, records):
    per_day = rows_of(section(page(admin_in("en")), "Downloads per day", "Each download"))
    assert [downloads for _day, downloads in per_day] == ["2", "2"]


def test_the_list_shows_preset_names_and_timecodes_in_the_admins_language(admin_in, records):
    listing = page(admin_in("en")).split("Each download")[1]
    assert "MP4 720p" in listing and "Original quality" in listing
    assert "mp4-720p" not in listing
    assert "00:01–00:05.5" in listing
    assert "00:00–00:03" in listing
    listing = page(admin_in("fr")).split("Chaque téléchargement")[1]
    assert "Qualité d&#x27;origine" in listing  # HTML-escaped on the page, as it should
    assert "00:01–00:05,5" in listing


def test_the_date_filter_narrows_the_summaries_and_the_list(admin_in, records):
    today = timezone.localdate().isoformat()
    html = page(admin_in("en"), downloaded_from=today)
    top = rows_of(section(html, "Top videos", "Downloads per day"))
    assert top == [["Autumn press conference", "2"]]
    assert len(rows_of(section(html, "Downloads per day", "Each download"))) == 1
    three_days_ago = (timezone.localdate() - timedelta(days=3)).isoformat()
    html = page(admin_in("en"), downloaded_until=three_days_ago)
    top = rows_of(section(html, "Top videos", "Downloads per day"))
    assert top == [["Autumn press conference", "1"], ["Harbour (deleted since)", "1"]]


def test_csv_export_has_one_readable_row_per_download(admin_in, records):
    client = admin_in("en")
    heading, *rows = csv_rows(client.get(reverse(REPORT), {"export": "csv"}))
    assert heading == [
        "Downloaded at", "Video", "Format", "Start", "End", "Joined ranges", "Full length",
        "E-mail", "Organisation",
    ]  # fmt: skip
    assert len(rows) == 4
    latest = rows[0]
    offset = local(0, 11).strftime("%z")
    assert latest[0] == f"{local(0, 11):%Y-%m-%d} 11:00:00{offset[:3]}:{offset[3:]}"
    assert latest[1:7] == [
        "Autumn press conference",
        "Original quality",
        "00:00:01",
        "00:00:05.5",
        "",
        "no",
    ]
    assert latest[7:] == ["desk@example.org", "Le Soir"]
    full = next(row for row in rows if row[1] == "Conférence de presse de rentrée")
    assert full[2:7] == ["MP4 720p", "00:00:00", "00:00:03", "", "yes"]
    harbour = next(row for row in rows if row[1].startswith("Harbour"))
    assert harbour[2] == "Audio only (MP3)"
    assert harbour[7:] == ["free@example.org", ""]


def test_a_clip_of_separate_shots_is_exported_with_each_range(admin_in, reader, conference):
    french, _ = conference
    record(
        reader, title=french.title, asset=french, start=0, end=6, ranges=[["0", "2"], ["4", "6"]]
    )
    heading, row = csv_rows(admin_in("en").get(reverse(REPORT), {"export": "csv"}))
    assert row[3:6] == ["00:00:00", "00:00:06", "00:00:00–00:00:02 + 00:00:04–00:00:06"]


def test_csv_export_in_french_uses_semicolons_as_french_excel_expects(admin_in, records):
    response = admin_in("fr").get(reverse(REPORT), {"export": "csv"})
    text = csv_text(response)
    assert text.startswith("Téléchargé le;Vidéo;Format;")
    assert ";00:00:05,5;" in text  # a decimal comma needs no quotes
    heading, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    assert heading == [
        "Téléchargé le", "Vidéo", "Format", "Début", "Fin", "Plages mises bout à bout",
        "Intégrale", "E-mail", "Organisation",
    ]  # fmt: skip
    assert rows[0][1:] == [
        "Autumn press conference", "Qualité d'origine", "00:00:01", "00:00:05,5", "", "non",
        "desk@example.org", "Le Soir",
    ]  # fmt: skip


def test_the_list_shows_who_downloaded_by_e_mail_and_organisation(admin_in, records):
    listing = page(admin_in("en")).split("Each download")[1]
    assert "E-mail" in listing and "Organisation" in listing
    assert "desk@example.org" in listing and "Le Soir" in listing
    assert "free@example.org" in listing
    assert "Jeanne" not in listing
    listing = page(admin_in("fr")).split("Chaque téléchargement")[1]
    assert "E-mail" in listing and "desk@example.org" in listing


def test_a_download_by_a_deleted_account_still_shows(admin_in, records, freelance):
    freelance.delete()
    listing = page(admin_in("en")).split("Each download")[1]
    assert "Harbour (deleted since)" in listing and "free@example.org" not in listing
    rows = csv_rows(admin_in("en").get(reverse(REPORT), {"export": "csv"}))
    assert next(row for row in rows if row[1].startswith("Harbour"))[7:] == ["", ""]


def test_summaries_export_as_their_own_csv(admin_in, records):
    client = admin_in("en")
    html = page(client)
    for summary in ("videos", "days"):
        for export_format in ("csv", "xlsx"):
            assert f"export={export_format}&amp;summary={summary}" in html
    videos = csv_rows(client.get(reverse(REPORT), {"export": "csv", "summary": "videos"}))
    assert videos == [
        ["Video", "Downloads"],
        ["Autumn press conference", "3"],
        ["Harbour (deleted since)", "1"],
    ]
    days = csv_rows(client.get(reverse(REPORT), {"export": "csv", "summary": "days"}))
    today = timezone.localdate()
    assert days == [["Day", "Downloads"]] + [
        [(today - timedelta(days=n)).isoformat(), count]
        for n, count in [(3, "2"), (2, "0"), (1, "0"), (0, "2")]
    ]


def test_summaries_in_french_use_semicolons(admin_in, records):
    client = admin_in("fr")
    response = client.get(reverse(REPORT), {"export": "csv", "summary": "videos"})
    assert csv_rows(response, "fr") == [
        ["Vidéo", "Téléchargements"],
        ["Conférence de presse de rentrée", "3"],
        ["Harbour (deleted since)", "1"],
    ]
    response = client.get(reverse(REPORT), {"export": "csv", "summary": "days"})
    text = csv_text(response)
    assert text.splitlines()[0] == "Jour;Téléchargements"
    assert text.splitlines()[-1] == f"{timezone.localdate().isoformat()};2"


def test_summaries_export_as_xlsx(admin_in, records):
    client = admin_in("en")
    videos = xlsx_rows(client.get(reverse(REPORT), {"export": "xlsx", "summary": "videos"}))
    assert videos == [
        ["Video", "Downloads"],
        ["Autumn press conference", 3],
        ["Harbour (deleted since)", 1],
    ]
    days = xlsx_rows(client.get(reverse(REPORT), {"export": "xlsx", "summary": "days"}))
    assert days[0] == ["Day", "Downloads"]
    today = timezone.localdate()
    first, last = days[1], days[-1]
    assert first[0] == today - timedelta(days=3) and first[1] == 2  # a date cell
    assert last[0] == today and last[1] == 2
    french = xlsx_rows(admin_in("fr").get(reverse(REPORT), {"export": "xlsx", "summary": "videos"}))
    assert french[0] == ["Vidéo", "Téléchargements"]


def test_summary_per_day_covers_the_filtered_period(admin_in, records):
    today = timezone.localdate()
    start = today - timedelta(days=5)
    days = csv_rows(
        admin_in("en").get(
            reverse(REPORT),
            {
                "export": "csv",
                "summary": "days",
                "downloaded_from": start.isoformat(),
                "downloaded_until": (today + timedelta(days=9)).isoformat(),
            },
        )  # fmt: skip
    )
    assert days[1] == [start.isoformat(), "0"]
    assert days[-1] == [today.isoformat(), "2"]  # not beyond today
    assert len(days) == 1 + 6


def test_report_is_for_the_press_office_only(client, records, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user(email="ed@example.org", password="p" * 14)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse(REPORT))
    assert response.status_code in {302, 403}


def test_text_typed_by_users_never_runs_as_a_formula_in_the_csv(admin_in, records, reader):
    reader.organisation = '=HYPERLINK("http://evil.example","Le Soir")'
    reader.save()
    _, *rows = csv_rows(admin_in("en").get(reverse(REPORT), {"export": "csv"}))
    assert rows[0][8] == "'" + reader.organisation
