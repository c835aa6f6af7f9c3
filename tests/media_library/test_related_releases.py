"""A video's page lists the press releases that embed it, in the reader's language only."""

import pytest
from django.utils import timezone


@pytest.mark.django_db
def test_video_page_lists_the_live_releases_that_embed_it(
    home_pages, make_asset, small_video, presets, client
):
    from news.models import NewsIndexPage, PressReleasePage

    asset = make_asset(small_video, title="Convoi d’aide")
    french = home_pages["fr"]
    index = french.add_child(
        instance=NewsIndexPage(title="Communiqués", slug="communiques", locale=french.locale)
    )
    index.save_revision().publish()

    def release(title, number, *, live=True):
        page = index.add_child(
            instance=PressReleasePage(
                title=title,
                standfirst="Chapeau.",
                place="Genève",
                release_date=timezone.now(),
                reference=f"PR/CP(2026){number:03d}",
                body=[("video", {"video": asset, "caption": ""})],
                locale=french.locale,
                live=live,
            )
        )
        if live:
            page.save_revision().publish()
        return page

    release("Le convoi est arrivé", 1)
    release("Brouillon sur le convoi", 2, live=False)

    html = client.get(f"/fr/videos/{asset.video_id}/").content.decode()
    assert "Le convoi est arrivé" in html
    assert "Brouillon sur le convoi" not in html
    english = client.get(f"/en/videos/{asset.video_id}/").content.decode()
    assert "Le convoi est arrivé" not in english  # no English version of the release
