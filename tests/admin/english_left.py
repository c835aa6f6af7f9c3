"""Find English left on a page meant to be French: text that is, word for word, an English
message of Wagtail, wagtail-localize, allauth, Django or the portal, or one of the words staff
reported (issue 12)."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import allauth
import django
import polib
import wagtail
import wagtail_localize
from django.conf import settings

REPORTED = {"Password", "Root", "Locale", "More actions", "Editors", "Moderators", "True", "False"}
SKIPPED_TAGS = {"script", "style", "template", "svg", "code", "pre", "textarea", "option"}


@cache
def english_messages():
    """Messages of two words or more whose French differs, plus the reported words."""
    roots = [Path(settings.BASE_DIR)]
    roots += [
        Path(module.__file__).parent for module in (django, wagtail, wagtail_localize, allauth)
    ]
    found = set(REPORTED)
    for root in roots:
        for path in root.rglob("locale/fr/LC_MESSAGES/django*.po"):
            if ".venv" in path.parts and root == Path(settings.BASE_DIR):
                continue
            for entry in polib.pofile(str(path)):
                text = entry.msgid.strip()
                if (
                    entry.msgstr
                    and entry.msgstr.strip() != text
                    and " " in text
                    and not re.search(r"[%{]", text)
                ):
                    found.add(text)
    return frozenset(found)


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skipping = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        for name, value in attrs:
            if name in {"title", "aria-label", "placeholder", "alt"} and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.texts.append(data)


def english_left(html):
    parser = _Texts()
    parser.feed(html)
    messages = english_messages()
    texts = {" ".join(text.split()) for text in parser.texts}
    return sorted(text for text in texts if text in messages)
