"""The press office writes a release in the admin: a bad or taken reference number is refused
with a clear message in the form, and nothing is lost."""

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

pytestmark = pytest.mark.django_db


def release_form(reference, title="Nouveau communiqué", topic=None):
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "standfirst": "Le chapeau.",
            "release_date": "2025-11-17 10:00",
            "place": "Genève",
            "reference": reference,
            "body": streamfield(
                [("paragraph", rich_text("<p>Le texte.</p>")), ("heading", "Intertitre")]
            ),
            "topic_links": inline_formset([{"topic": topic.pk}] if topic else []),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )


def add_url(news_site, language="fr"):
    return reverse(
        "wagtailadmin_pages:add", args=["news", "pressreleasepage", news_site["index"][language].pk]
    )


def test_an_editor_publishes_a_release_with_its_topic(editor, news_site, client):
    from news.models import PressReleasePage

    response = editor.post(
        add_url(news_site), release_form("pr/cp(2025) 77", topic=news_site["topics"]["climate"])
    )
    assert response.status_code == 302, response.context["form"].errors
    release = PressReleasePage.objects.get(title="Nouveau communiqué")
    assert release.live
    assert release.reference == "PR/CP(2025)77"
    assert [link.topic.slug for link in release.topic_links.all()] == ["climat"]


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("CP-2025-77", "n’est pas un numéro de référence"),
        ("PR/CP(2025)001", "porte déjà la référence PR/CP(2025)001"),
    ],
)
def test_a_bad_or_taken_reference_is_refused_in_the_form(
    editor, news_site, make_release, reference, message
):
    from news.models import PressReleasePage

    make_release("Déjà là", reference="PR/CP(2025)001")
    response = editor.post(add_url(news_site), release_form(reference))
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "’").replace("'", "’")
    assert message in html
    assert "Nouveau communiqué" in html  # what was typed is still in the form
    assert not PressReleasePage.objects.filter(title="Nouveau communiqué").exists()


def test_the_same_reference_is_accepted_in_the_other_language(editor, news_site, make_release):
    make_release("Déjà là", reference="PR/CP(2025)001")
    response = editor.post(add_url(news_site, "en"), release_form("PR/CP(2025)001", "New one"))
    assert response.status_code == 302


@pytest.mark.parametrize(("language", "month"), [("fr", "novembre"), ("en", "November")])
def test_the_live_preview_of_an_unsaved_release_in_each_language(
    editor, news_site, language, month
):
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["news", "pressreleasepage", news_site["index"][language].pk],
    )
    data = release_form("PR/CP(2025)900", title="Pas encore enregistré")
    assert editor.post(url, data).json()["is_valid"] is True
    html = editor.get(url).content.decode()
    assert f'<html lang="{language}">' in html
    assert "<h1>Pas encore enregistré</h1>" in html
    assert f"17 {month} 2025" in html


def test_the_press_office_searches_topics_by_name(admin_client, news_site):
    listing = reverse("wagtailsnippets_news_topic:list")
    page = admin_client.get(listing, {"q": "sant"}).content.decode()
    assert "Santé" in page and "Climat" not in page
