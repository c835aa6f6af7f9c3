"""The video page's download panel without JavaScript, and the login that keeps the selection.

`submit` posts the panel's form the way a browser without JavaScript does: only the controls
the form owns (inside it, or outside with `form="clip-form"`), the ticked boxes, the chosen
option and the name/value of the pressed button. The server-rendered flow must work with it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import override

from media_library.models import (
    DownloadPreset,
    ProcessingStatus,
    ReadyNotification,
    TermsAcceptance,
    VideoRendition,
)

from .shots import add_shots
from .test_public_downloads import verified_user

PASSWORD = "a long enough password"


@pytest.fixture
def journalist(db):
    return verified_user("desk@example.org")


@pytest.fixture
def asset(make_asset, small_video, media_root):
    """3 seconds, with three shots of one second."""
    asset = make_asset(small_video, title="Flood relief convoy", locale="en")
    return add_shots(asset, [("0", "1"), ("1", "2"), ("2", "3")])


@pytest.fixture
def panel(client, journalist, asset):
    """The journalist's client and the video page it sees."""
    client.force_login(journalist)
    return client, client.get(page_url(asset)).content.decode()


def page_url(asset, language="en"):
    with override(language):
        return reverse("media_library_public:detail", args=[asset.video_id])


def controls(page):
    """The successful controls of form#clip-form, as a browser would collect them."""
    soup = BeautifulSoup(page, "html.parser")
    form = soup.find("form", id="clip-form")
    assert form is not None, "no download form on the page"
    owned = form.find_all(["input", "select", "button"]) + soup.find_all(
        attrs={"form": "clip-form"}
    )
    return form, owned


def submit(client, page, *, button, fill=None, tick=()):
    """Press `button` (its visible text) after typing `fill` and ticking the boxes whose labels
    contain the texts in `tick`; returns the response (not followed)."""
    form, owned = controls(page)
    data = []
    for control in owned:
        name = control.get("name")
        if control.name == "button" or not name:
            continue
        if control.name == "select":
            chosen = control.find("option", selected=True) or control.find("option")
            data.append((name, chosen["value"]))
        elif control.get("type") == "checkbox":
            label = control.find_parent("label").get_text(" ", strip=True)
            if control.has_attr("checked") or any(text in label for text in tick):
                data.append((name, control["value"]))
        else:
            data.append((name, (fill or {}).get(name, control.get("value", ""))))
    pressed = [
        control
        for control in owned
        if control.name == "button" and button in control.get_text(" ", strip=True)
    ]
    assert pressed, f"no button {button!r} in the form"
    if pressed[0].get("name"):
        data.append((pressed[0]["name"], pressed[0]["value"]))
    fields = {}
    for name, value in data:
        fields.setdefault(name, []).append(value)
    return client.post(form["action"], fields)


def test_without_javascript_a_first_clip_goes_with_the_terms_box(panel, journalist, asset):
    client, page = panel
    response = submit(
        client,
        page,
        button="Prepare the clip",
        fill={"start": "00:00.5", "end": "00:02.25"},
        tick=["I accept the terms of use"],
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#download")
    rendition = VideoRendition.objects.get()
    assert (rendition.start, rendition.end) == (pytest.approx(0.5), pytest.approx(2.25))
    assert TermsAcceptance.objects.filter(user=journalist).exists()

    back = client.get(response["Location"]).content.decode()
    assert "I accept the terms of use" not in back
    assert 'id="render-progress"' in back and "Reload the page to follow the progress" in back
    assert 'value="00:00.5"' in back and 'value="00:02.25"' in back


def test_without_javascript_the_terms_are_asked_again_if_not_ticked(panel):
    client, page = panel
    response = submit(client, page, button="Prepare the clip", fill={"start": "1", "end": "2"})
    follow = client.get(response["Location"]).content.decode()
    assert "Please accept the terms of use before your first download." in follow
    assert 'value="1"' in follow and 'value="2"' in follow
    assert VideoRendition.objects.count() == 0


def test_without_javascript_a_full_version_is_asked_with_an_email_when_ready(
    panel, journalist, asset
):
    client, page = panel
    response = submit(
        client,
        page,
        button="Download MP4 720p",
        tick=["I accept the terms of use", "(MP4 720p)"],
    )
    assert response.status_code == 302
    rendition = VideoRendition.objects.get()
    assert (rendition.preset.slug, rendition.start, rendition.end) == (
        "mp4-720p",
        0,
        asset.video.duration,
    )
    notification = ReadyNotification.objects.get()
    assert (notification.user, notification.rendition) == (journalist, rendition)


def test_a_full_version_already_made_downloads_at_once_and_offers_no_email(
    client, journalist, asset
):
    from django.core.files.base import ContentFile

    preset = DownloadPreset.objects.get(slug="mp4-720p")
    made = VideoRendition.objects.create(
        video=asset.video,
        preset=preset,
        start=0,
        end=asset.video.duration,
        status=ProcessingStatus.READY,
    )
    made.file.save("full.mp4", ContentFile(b"x" * 2048), save=False)
    made.size = 2048
    made.save()
    client.force_login(journalist)
    page = client.get(page_url(asset)).content.decode()
    _, owned = controls(page)
    notify_for = {c["value"] for c in owned if c.get("name") == "notify_full"}
    assert "mp4-720p" not in notify_for and "original" in notify_for

    response = submit(client, page, button="Download MP4 720p", tick=["I accept the terms of use"])
    assert response.status_code == 302
    file = client.get(response["Location"])
    assert file.status_code == 200
    assert "flood-relief-convoy_mp4-720p" in file["Content-Disposition"]
    assert ReadyNotification.objects.count() == 0


def test_ticked_shots_give_exactly_those_shots_without_javascript(panel):
    """Shots 1 and 3: shot 2 is not in the clip (it used to be: 00:00–00:03)."""
    client, page = panel
    response = submit(
        client,
        page,
        button="Prepare the clip",
        tick=["I accept the terms of use", "00:00–00:01", "00:02–00:03"],
    )
    assert response.status_code == 302
    rendition = VideoRendition.objects.get()
    assert rendition.segments == [(0, 1), (2, 3)]


def test_anonymous_visitors_can_tick_shots_and_the_login_keeps_format_times_and_shots(
    client, journalist, asset
):
    query = {"start": "00:01.01", "end": "00:02.33", "preset": "mp4-360p-web"}
    page = client.get(page_url(asset), {**query, "shots": "2"}).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    boxes = soup.select("input.shot-tick")
    assert len(boxes) == 3 and all(box["form"] == "clip-form" for box in boxes)
    assert [box.has_attr("checked") for box in boxes] == [False, True, False]

    login = soup.find("a", id="login-link")["href"]
    back = parse_qs(urlsplit(login).query)["next"][0]
    kept = parse_qs(urlsplit(back).query)
    assert kept == {**{key: [value] for key, value in query.items()}, "shots": ["2"]}

    response = client.post(login, {"login": journalist.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == back
    after = BeautifulSoup(response.content.decode(), "html.parser")
    assert after.find(id="clip-start")["value"] == "00:01.01"
    assert after.find(id="clip-end")["value"] == "00:02.33"
    assert after.find(id="clip-preset").find("option", selected=True)["value"] == "mp4-360p-web"
    assert [box.has_attr("checked") for box in after.select("input.shot-tick")] == [
        False,
        True,
        False,
    ]


def test_a_request_sent_while_logged_out_logs_in_back_to_the_page_and_selection(client, asset):
    with override("fr"):
        request_url = reverse("media_library_public:request", args=[asset.video_id])
    fields = {"start": "00:01", "end": "00:02.5", "preset": "original", "accept_terms": "1"}
    response = client.post(request_url, fields)
    assert response.status_code == 302
    back = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    assert back.startswith(page_url(asset, "fr"))
    assert parse_qs(urlsplit(back).query) == {
        "start": ["00:01"],
        "end": ["00:02.5"],
        "preset": ["original"],
    }


def test_times_come_back_exactly_as_asked(client, journalist, asset):
    client.force_login(journalist)
    TermsAcceptance.objects.create(user=journalist)
    page = client.get(page_url(asset)).content.decode()
    submit(client, page, button="Prepare the clip", fill={"start": "00:00.22", "end": "2.73"})
    back = BeautifulSoup(client.get(page_url(asset)).content.decode(), "html.parser")
    assert (back.find(id="clip-start")["value"], back.find(id="clip-end")["value"]) == (
        "00:00.22",
        "00:02.73",
    )
