"""The "e-mail me the link when it is ready" message: in the account's language (the one chosen
for e-mails at sign-up) whatever page the request came from, plain text without HTML entities,
from a sender named in that language."""

import html
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile

from media_library.downloads.notifications import send_ready_notifications
from media_library.models import (
    DownloadPreset,
    DownloadRecord,
    ProcessingStatus,
    ReadyNotification,
    VideoRendition,
)


@pytest.fixture
def summer(make_asset, small_video, media_root):
    return make_asset(small_video, title="L'été au port", locale="fr")


@pytest.fixture
def original(summer):
    """A ready clip, 0.5 s to 2 s, in "Qualité d'origine" (an apostrophe in French)."""
    rendition = VideoRendition.objects.create(
        video=summer.video,
        preset=DownloadPreset.objects.get(slug="original"),
        start=Decimal("0.5"),
        end=Decimal("2"),
        status=ProcessingStatus.READY,
    )
    rendition.file.save("clip.mp4", ContentFile(b"\0" * 1000))
    return rendition


@pytest.fixture
def mail_for(summer, original, django_user_model, mailoutbox):
    """The one e-mail an account in `account_language` gets for a request made from a page in
    `asked_in`."""

    def send(account_language, asked_in):
        user = django_user_model.objects.create_user(
            email="desk@example.org", password="p" * 14, language=account_language
        )
        ReadyNotification.objects.create(
            rendition=original, asset=summer, user=user, language=asked_in
        )
        assert send_ready_notifications() == 1
        (mail,) = mailoutbox
        return mail

    return send


def test_sent_in_the_accounts_language_not_the_pages(mail_for):
    mail = mail_for(account_language="fr", asked_in="en")
    assert mail.subject == "Votre vidéo est prête : L'été au port"
    assert "La version demandée est prête : L'été au port, Qualité d'origine" in mail.body
    assert "/fr/videos/download/" in mail.body and "/en/" not in mail.body
    assert "00:00,5–00:02" in mail.body
    html = mail.alternatives[0][0]
    assert '<html lang="fr">' in html


def test_english_account_asking_from_a_french_page_gets_english(mail_for):
    mail = mail_for(account_language="en", asked_in="fr")
    assert mail.subject == "Your video is ready: L'été au port"
    assert "/en/videos/download/" in mail.body
    assert "Original quality, 00:00.5–00:02" in mail.body
    assert mail.from_email == "Press office <press@localhost>"


def test_plain_text_keeps_apostrophes_and_html_escapes_them(mail_for):
    mail = mail_for(account_language="fr", asked_in="fr")
    assert "Qualité d'origine" in mail.body and "L'été au port" in mail.body
    assert "&#" not in mail.body + mail.subject and "&amp;" not in mail.body
    html = mail.alternatives[0][0]
    assert "<title>Votre vidéo est prête : L&#x27;été au port</title>" in html
    assert "Qualité d&#x27;origine" in html


def test_french_mail_comes_from_the_service_de_presse(mail_for):
    mail = mail_for(account_language="fr", asked_in="en")
    assert mail.from_email == "Service de presse <press@localhost>"


def test_logging_in_from_the_mails_link_lands_on_a_page_that_starts_the_download(
    summer, original, django_user_model, mailoutbox, client
):
    from allauth.account.models import EmailAddress

    from media_library.downloads import rules as downloads

    user = django_user_model.objects.create_user(
        email="desk@example.org", password="p" * 14, language="fr"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    downloads.accept_terms(user)
    downloads.record_request(user, original)
    ReadyNotification.objects.create(rendition=original, asset=summer, user=user, language="fr")
    send_ready_notifications()
    link = re.search(r"http://\S+/fr/videos/download/\S+/", mailoutbox[0].body).group(0)
    login = client.get(urlsplit(link).path)
    assert login.status_code == 302 and login["Location"].startswith("/fr/accounts/login/?next=")

    landing = client.post(login["Location"], {"login": user.email, "password": "p" * 14})
    assert landing.status_code == 302
    # the times as the page shows them, in French (decimal comma)
    assert landing["Location"].startswith(f"/fr/videos/{summer.video_id}/?start=00%3A00%2C5")
    page = html.unescape(client.get(landing["Location"]).content.decode())
    assert "Vous êtes connecté : votre téléchargement commence." in page
    assert 'value="00:00,5"' in page and 'value="00:02"' in page
    refresh = re.search(r'<meta http-equiv="refresh" content="1;url=([^"]+)">', page).group(1)
    assert f'href="{refresh}"' in page  # a link in case the browser does not start it
    response = client.get(refresh)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert DownloadRecord.objects.filter(user=user, rendition=original).count() == 1


def test_the_video_page_starts_no_download_for_someone_elses_link(
    summer, original, django_user_model, client
):
    from media_library.downloads import rules as downloads

    owner = django_user_model.objects.create_user(email="owner@example.org", password="p" * 14)
    other = django_user_model.objects.create_user(email="other@example.org", password="p" * 14)
    client.force_login(other)
    token = downloads.download_token(original, owner)
    page = client.get(f"/fr/videos/{summer.video_id}/?download={token}").content.decode()
    assert "http-equiv" not in page and "download-starting" not in page


@pytest.fixture
def failed(summer):
    return VideoRendition.objects.create(
        video=summer.video,
        preset=DownloadPreset.objects.get(slug="mp4-720p"),
        start=Decimal("0.5"),
        end=Decimal("2"),
        status=ProcessingStatus.FAILED,
        error="ffmpeg could not process the video",
    )


@pytest.mark.parametrize(
    ("language", "subject", "says"),
    [
        (
            "fr",
            "Votre vidéo n’a pas pu être préparée : L'été au port",
            "La version demandée n’a pas pu être préparée : L'été au port, MP4 720p, "
            "00:00,5–00:02.\nLe service de presse a été prévenu.",
        ),
        (
            "en",
            "Your video could not be made: L'été au port",
            "The version you asked for could not be made: L'été au port, MP4 720p, "
            "00:00.5–00:02.\nThe press office has been told.",
        ),
    ],
)
def test_a_failed_render_is_mailed_once_in_the_accounts_language(
    summer, failed, django_user_model, mailoutbox, language, subject, says
):
    user = django_user_model.objects.create_user(
        email="desk@example.org", password="p" * 14, language=language
    )
    notification = ReadyNotification.objects.create(
        rendition=failed, asset=summer, user=user, language="fr" if language == "en" else "en"
    )
    assert send_ready_notifications() == 1
    assert send_ready_notifications() == 0
    (mail,) = mailoutbox
    assert mail.subject == subject
    assert says in mail.body
    half = {"fr": "%2C", "en": "."}[language]  # the language's decimal separator
    back = (
        f"/{language}/videos/{summer.video_id}/"
        f"?start=00%3A00{half}5&end=00%3A02&preset=mp4-720p#download"
    )
    assert "http://" in mail.body and back in mail.body
    assert "/videos/download/" not in mail.body  # no file to download
    html = mail.alternatives[0][0]
    assert f'<html lang="{language}">' in html and back.replace("&", "&amp;") in html
    notification.refresh_from_db()
    assert notification.sent_at is not None
