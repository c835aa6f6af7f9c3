"""Drive wagtail-localize's translation editor the way its React app does, with a test client."""

import html
import json
import re

from django.urls import reverse


class TranslationEditor:
    """The editor of one translated page or snippet, as a translator sees and uses it."""

    def __init__(self, client, page, capture_on_commit):
        self.client = client
        self.page = page
        # wagtail-localize publishes translations on commit: run those callbacks.
        self.capture_on_commit = capture_on_commit

    @property
    def translation(self):
        from wagtail_localize.models import Translation

        return Translation.objects.get(
            source__object_id=self.page.translation_key, target_locale=self.page.locale_id
        )

    @property
    def edit_url(self):
        from wagtail.models import Page

        if isinstance(self.page, Page):
            return reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return reverse(self.page.snippet_viewset.get_url_name("edit"), args=[self.page.pk])

    def props(self):
        response = self.client.get(self.edit_url)
        assert response.status_code == 200
        match = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.text)
        assert match, "the wagtail-localize editor is not shown"
        return json.loads(html.unescape(match.group(1)))

    def segments_to_translate(self):
        """Source text of each string segment that has no translation yet, in order."""
        props = self.props()
        done = {t["segment_id"] for t in props["initialStringTranslations"] if not t["error"]}
        return {
            segment["source"]: segment["editUrl"]
            for segment in props["segments"]
            if segment["type"] == "string" and segment["id"] not in done
        }

    def fill(self, translations):
        """Translate the segments given (source text -> translation); others stay as they are."""
        for source, url in self.segments_to_translate().items():
            if source not in translations:
                continue
            response = self.client.put(
                url,
                data=f"value={_quote(translations[source])}",
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code in (200, 201), response.content

    def publish(self):
        with self.capture_on_commit(execute=True):
            response = self.client.post(self.edit_url, {"action": "publish"})
        assert response.status_code == 302
        self.page.refresh_from_db()
        assert self.page.live, [str(m) for m in response.wsgi_request._messages]
        return response


def _quote(text):
    from urllib.parse import quote

    return quote(text, safe="")
