"""wagtail-localize's background work (translating a whole subtree) runs on the RQ `default`
queue, in a real worker process."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_translating_the_news_section_with_its_releases_runs_in_the_worker(
    client, django_user_model, run_worker
):
    from wagtail.models import Locale

    from news.models import NewsIndexPage, PressReleasePage
    from portal.demo.home import ensure_home_pages
    from tests.news.sections import make_french_news_section

    homes = ensure_home_pages()
    english = Locale.objects.get(language_code="en")
    index = make_french_news_section(homes["fr"])

    user = django_user_model.objects.create_superuser(
        email="editrice@example.org", password="Test#Password42"
    )
    client.force_login(user)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[index.pk]),
        {"locales": [english.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    assert NewsIndexPage.objects.filter(locale=english).exists()  # the section at once
    assert not PressReleasePage.objects.filter(locale=english).exists()  # its pages: queued

    run_worker("default")
    assert PressReleasePage.objects.filter(locale=english).count() == 2
