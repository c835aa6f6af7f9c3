"""'Download my data' gives everything the portal keeps about the account: besides the profile,
the downloads, the clips asked for, the terms accepted and the newsletter subscription."""

import json

import pytest
from django.utils import timezone

from media_library.downloads import rules
from media_library.models import ReadyNotification
from subscriptions.newsletter import service

from .test_public_downloads import verified_user

pytestmark = pytest.mark.django_db


def test_download_my_data_holds_downloads_clip_requests_terms_and_subscription(
    client, make_asset, small_video, media_root, presets
):
    user = verified_user("desk@example.org")
    asset = make_asset(small_video, title="Flood relief convoy", locale="en")
    clip = asset.get_rendition(presets["mp4-720p"], start=1, end=2)
    rules.accept_terms(user)
    rules.record_request(user, clip)
    ReadyNotification.objects.create(rendition=clip, asset=asset, user=user, language="en")
    rules.record_download(user, asset, clip)
    subscriber = service.subscribe("Desk@Example.org", "fr", source="signup")
    other = verified_user("someone-else@example.org")
    rules.accept_terms(other)
    rules.record_download(other, asset, clip)

    client.force_login(user)
    data = json.loads(client.get("/en/accounts/profile/data/").content)

    assert data["account"]["email"] == "desk@example.org"
    accepted = timezone.datetime.fromisoformat(data["terms_of_use"]["accepted_at"])
    assert abs((timezone.now() - accepted).total_seconds()) < 60
    (download,) = data["downloads"]
    assert download["video"] == "Flood relief convoy"
    assert (download["format"], download["start"], download["end"]) == ("mp4-720p", "1", "2")
    assert download["full_length"] is False
    (request,) = data["clip_requests"]
    assert request["video"] == "Flood relief convoy" and request["format"] == "mp4-720p"
    assert (request["start"], request["end"]) == ("1", "2")
    assert request["email_when_ready"] is True
    newsletter = data["newsletter"]
    assert newsletter["email"] == "desk@example.org" and newsletter["language"] == "fr"
    assert newsletter["status"] == subscriber.status
    assert [consent["action"] for consent in newsletter["consents"]] == ["requested"]


def test_an_account_without_any_of_it_exports_empty_sections(client):
    user = verified_user("quiet@example.org")
    client.force_login(user)
    data = json.loads(client.get("/en/accounts/profile/data/").content)
    assert data["downloads"] == [] and data["clip_requests"] == []
    assert data["terms_of_use"] is None and data["newsletter"] is None
