"""The download panel's answers a visitor reads: refusals without JavaScript, shot numbers that
survive a language switch and a login, one message per problem, the sizes presets give."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import override

from media_library.models import TermsAcceptance, VideoRendition

from .shots import add_shots
from .test_download_panel import page_url, submit
from .test_public_downloads import verified_user

PASSWORD = "a long enough password"


@pytest.fixture
def french_asset(make_asset, small_video, media_root):
    """3 seconds, in French, with three shots of one second."""
    asset = make_asset(small_video, title="Convoi humanitaire", locale="fr")
    return add_shots(asset, [("0", "1"), ("1", "2"), ("2", "3")])


def page_messages(client, url):
    """The messages shown on the page at `url` and its form's times and format."""
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    shown = [item.get_text(" ", strip=True) for item in soup.select(".messages li")]
    chosen = soup.find(id="clip-preset").find("option", selected=True)
    fields = (soup.find(id="clip-start")["value"], soup.find(id="clip-end")["value"])
    return shown, fields, chosen["value"] if chosen else None


def test_over_the_hourly_limit_a_plain_form_gets_a_message_on_the_panel(
    client, french_asset, settings
):
    settings.MEDIA_LIBRARY_NEW_RENDITIONS_PER_HOUR = 0
    user = verified_user("desk@example.org")
    TermsAcceptance.objects.create(user=user)
    client.force_login(user)
    page = client.get(page_url(french_asset, "fr")).content.decode()
    response = submit(client, page, button="Préparer l", fill={"start": "00:00.5", "end": "00:02"})
    assert response.status_code == 302 and "json" not in response.get("Content-Type", "")
    location = response["Location"]
    assert location.startswith(page_url(french_asset, "fr")) and location.endswith("#download")
    shown, fields, preset = page_messages(client, location)
    assert shown == [
        "Vous avez demandé beaucoup de nouveaux extraits depuis une heure. "
        "Veuillez réessayer plus tard."
    ]
    assert fields == ("00:00.5", "00:02") and preset == "original"
    assert VideoRendition.objects.count() == 0

    # The page's script asks for JSON and still gets it.
    request_url = reverse("media_library_public:request", args=[french_asset.video_id])
    answer = client.post(
        request_url,
        {"start": "1", "end": "2", "preset": "original"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 429 and "errors" in answer.json()


def test_an_unconfirmed_address_gets_a_message_on_the_panel_not_json(client, french_asset):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email="new@example.org", password=PASSWORD)
    client.force_login(user)
    with override("fr"):
        request_url = reverse("media_library_public:request", args=[french_asset.video_id])
    fields = {"start": "00:01", "end": "00:02.5", "preset": "mp4-720p", "shots": ["2"]}
    response = client.post(request_url, fields)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {
        "start": ["00:01"],
        "end": ["00:02.5"],
        "preset": ["mp4-720p"],
        "shots": ["2"],
    }
    shown, times, preset = page_messages(client, response["Location"])
    assert shown == ["Confirmez votre adresse e-mail pour télécharger des vidéos."]
    assert times == ("00:01", "00:02.5") and preset == "mp4-720p"

    answer = client.post(request_url, fields, headers={"Accept": "application/json"})
    assert answer.status_code == 403 and "errors" in answer.json()
