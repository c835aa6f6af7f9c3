"""Find English left on a page meant to be French: text that is, word for word, an English
message of Wagtail, wagtail-localize, allauth, Django or the portal, or one of the words staff
reported (issue 12); and, inside any text, the English and clumsy French staff reported: stored
names ("Moderators approval"), permission labels ("Can add video"), English dates ("3 December
2026"), raw booleans ("Actif True") and generic gendered labels ("Ajouter un(e) vidéo")."""

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
# Inside a text: English words a French screen must never show, and French that reads as a template.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
IN_TEXT = re.compile(
    r"\b(?:Root|Editors|Moderators|Translators|approval|True|False|None"
    r"|Can (?:add|change|delete|view|publish|lock|unlock|access|import|monitor|submit|choose)"
    rf"|{MONTHS}|{WEEKDAYS}|\d{{1,2}} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))\b"
    r"|\b(?:un\(e\)|Nouvel\(le\)|ce\(tte\)|ce/cette|Aucun\(e\))"
    r"|\b1 (?:canaux|vidéos|abonnés|éléments|envois|destinataires)\b"
)
SKIPPED_TAGS = {"script", "style", "template", "svg", "code", "pre", "textarea", "option"}


# Inside a text on an English screen: the French of the stored names and permission labels.
FRENCH_IN_TEXT = re.compile(
    r"\b(?:Racine|Rédacteurs|Modérateurs|Traducteurs|Validation par|Peut (?:ajouter|modifier|"
    r"supprimer|voir|publier|choisir|importer|surveiller|soumettre)|Ajouter|Création :|Nouvelle?)\b"
)


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


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Texts(HTMLParser):
    """The texts a staff member reads or hears (menus and tabs not open yet included)."""

    def __init__(self):
        super().__init__()
        self.open_tags = []  # (tag, skipped) of the elements we are in
        self.texts = []

    @property
    def skipping(self):
        return any(skipped for tag, skipped in self.open_tags)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if not self.skipping:
            for name in ("title", "aria-label", "placeholder", "alt"):
                if attributes.get(name):
                    self.texts.append(attributes[name])
        if tag not in VOID_TAGS:
            # Wagtail's side panel counter is a badge its script fills in (it starts as "None").
            skipped = tag in SKIPPED_TAGS or "data-side-panel-toggle-counter" in attributes
            self.open_tags.append((tag, skipped))

    def handle_endtag(self, tag):
        for index in range(len(self.open_tags) - 1, -1, -1):
            if self.open_tags[index][0] == tag:
                del self.open_tags[index:]
                break

    def handle_data(self, data):
        if not self.skipping:
            self.texts.append(data)


@cache
def french_messages():
    """The portal's own French (its catalogues): messages of two words or more."""
    found = set()
    for path in Path(settings.BASE_DIR).rglob("locale/fr/LC_MESSAGES/django.po"):
        if ".venv" in path.parts:
            continue
        for entry in polib.pofile(str(path)):
            text = entry.msgstr.strip()
            if (
                text
                and text != entry.msgid.strip()
                and " " in text
                and not re.search(r"[%{]", text)
            ):
                found.add(text)
    return frozenset(found)


def _texts(html, content):
    parser = _Texts()
    parser.feed(html)
    return {" ".join(text.split()) for text in parser.texts} - set(content) - {""}


def french_left(html, content=()):
    """The texts of `html`, meant to be English, that are the portal's French."""
    messages = french_messages()
    return sorted(
        text for text in _texts(html, content) if text in messages or FRENCH_IN_TEXT.search(text)
    )


def english_left(html, content=()):
    """The texts of `html` that are English (or template-like French) messages; `content` lists
    texts written by staff (titles of English pages, for instance), which are not the admin's."""
    messages = english_messages()
    return sorted(
        text for text in _texts(html, content) if text in messages or IN_TEXT.search(text)
    )
