"""Search that reads French and English (common/search_backend.py): on PostgreSQL each language
version is indexed and searched with its language's text search configuration, so a plural, a
feminine or another form of a word finds the word; results come most relevant first. On SQLite
(the one-machine default) words are found as written."""

import datetime
import html
import json
import re
import subprocess
import sys

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="language configurations are PostgreSQL's"
)


TITLE = re.compile(r'class="release-summary__title"><a href="[^"]*">([^<]*)</a>')


def titles_found(client, index, words):
    """The titles of the releases the index lists for `words`, in the order shown."""
    page = client.get(index, {"q": words}).content.decode()
    return [html.unescape(title) for title in TITLE.findall(page)]


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


@on_postgresql
@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("communiqués", "Un communiqué commun"),  # the words: plural, accents
        ("déclarations", "La déclaration de Genève"),
        ("internationaux", "Le partenariat international"),  # -aux / -al
        ("négociations", "Négocier un accord"),  # noun / verb
        ("annonce", "Les mesures annoncées"),  # noun / participle, feminine plural
    ],
)
def test_french_words_find_their_other_forms(client, make_release, typed, written):
    make_release(written, standfirst="Le chapeau.", body=paragraph("Le texte."))
    make_release("Sans rapport", standfirst="Le chapeau.", body=paragraph("Autre chose."))
    assert titles_found(client, "/fr/communiques/", typed) == [written]


@on_postgresql
@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("statements", "A joint statement"),
        ("declarations", "The Geneva declaration"),
        ("flooding", "Floods in the Sahel"),
        ("negotiated", "Negotiations resume"),
    ],
)
def test_english_words_find_their_other_forms(client, make_release, typed, written):
    make_release(written, language="en", standfirst="The lead.", body=paragraph("The text."))
    make_release("Unrelated", language="en", standfirst="The lead.", body=paragraph("Other."))
    assert titles_found(client, "/en/news/", typed) == [written]


@on_postgresql
def test_each_language_is_read_as_itself(client, make_release):
    """English stemming does not run over French pages, nor French over English ones."""
    make_release("Les accords internationaux", standfirst="Le chapeau.", body=paragraph("."))
    make_release("Running water", language="en", standfirst="The lead.", body=paragraph("."))
    assert titles_found(client, "/fr/communiques/", "international") == [
        "Les accords internationaux"
    ]
    assert titles_found(client, "/en/news/", "runs") == ["Running water"]
    assert titles_found(client, "/en/news/", "internationaux") == []


@on_postgresql
def test_results_come_most_relevant_first_and_otherwise_newest_first(client, make_release):
    now = timezone.now()
    make_release(
        "Point de presse hebdomadaire",
        date=now - datetime.timedelta(days=1),
        standfirst="Le chapeau.",
        body=paragraph("Parmi les sujets du jour, la sécheresse."),
    )
    make_release(
        "La sécheresse au Sahel",
        date=now - datetime.timedelta(days=40),
        standfirst="La sécheresse s'étend.",
        body=paragraph("Cette sécheresse touche trois pays ; la sécheresse dure."),
    )
    assert titles_found(client, "/fr/communiques/", "sécheresse") == [
        "La sécheresse au Sahel",
        "Point de presse hebdomadaire",
    ]
    listed = client.get("/fr/communiques/").content.decode()  # no query: newest first
    assert listed.index("Point de presse hebdomadaire") < listed.index("La sécheresse au Sahel")


@on_postgresql
def test_relevance_order_holds_with_a_filter_and_across_pages(client, make_release):
    year = timezone.now().year
    for number in range(11):
        make_release(
            f"Brève {number}",
            date=timezone.now() - datetime.timedelta(hours=number + 1),
            standfirst="Le chapeau.",
            body=paragraph("Mention du désert."),
        )
    make_release(
        "Le désert avance",
        date=timezone.now() - datetime.timedelta(hours=30),
        standfirst="Le désert gagne.",
        body=paragraph("Le désert, encore le désert."),
    )
    first_page = titles_found(client, f"/fr/communiques/?year={year}", "désert")
    assert first_page[0] == "Le désert avance" and len(first_page) == 10


@on_postgresql
def test_the_admin_search_still_completes_titles_of_both_languages(client, make_release, superuser):
    """The admin's page search completes the words typed (modelsearch's autocomplete, words
    as written), whatever the page's language."""
    make_release("Le partenariat international", standfirst="Le chapeau.", body=paragraph("."))
    make_release("A joint statement", language="en", standfirst="The lead.", body=paragraph("."))
    client.force_login(superuser)
    french = client.get("/admin/pages/search/", {"q": "partenar"}).content.decode()
    english = client.get("/admin/pages/search/", {"q": "statem"}).content.decode()
    assert "Le partenariat international" in french and "A joint statement" not in french
    assert "A joint statement" in english


@on_postgresql
def test_a_search_naming_no_language_reads_every_language(make_release):
    """Code searching without a language (Wagtail's own `.search()`) finds each language's
    forms: the query is asked in every configuration the index was written with."""
    from news.models import PressReleasePage

    make_release("Le partenariat international", standfirst="Le chapeau.", body=paragraph("."))
    make_release("A joint statement", language="en", standfirst="The lead.", body=paragraph("."))
    live = PressReleasePage.objects.live()
    assert [p.title for p in live.search("internationaux")] == ["Le partenariat international"]
    assert [p.title for p in live.search("statements")] == ["A joint statement"]


SQLITE_SEARCH = """
import json
from django.test import Client
from portal.demo.home import ensure_home_pages
from news.models import NewsIndexPage, PressReleasePage
from wagtail.models import Locale
from django.utils import timezone

homes = ensure_home_pages()
french = Locale.objects.get(language_code="fr")
index = homes["fr"].add_child(
    instance=NewsIndexPage(title="Communiqués", slug="communiques", locale=french)
)
index.save_revision().publish()
for number, title in enumerate(["La déclaration de Genève", "Sans rapport"]):
    release = index.add_child(instance=PressReleasePage(
        title=title, standfirst="Le chapeau.", place="Genève", locale=french,
        release_date=timezone.now(),
        reference=f"PR/CP({timezone.now().year}){number + 1:03d}",
        body=[("paragraph", "<p>Le texte.</p>")],
    ))
    release.save_revision().publish()
client = Client()
found = {}
for words in ("déclaration", "Genève déclaration", "inconnu"):
    html = client.get("/fr/communiques/", {"q": words}).content.decode()
    found[words] = [t for t in ("La déclaration de Genève", "Sans rapport") if t in html]
print(json.dumps(found))
"""


def test_on_sqlite_search_still_finds_words_as_written(tmp_path):
    """The one-machine default: a fresh SQLite database, no Redis, search by exact words."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path}/portal.sqlite3",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ALLOWED_HOSTS": "testserver",
    }

    def manage(*arguments):
        done = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "-v0")
    found = json.loads(manage("shell", "-c", SQLITE_SEARCH).strip().splitlines()[-1])
    assert found == {
        "déclaration": ["La déclaration de Genève"],
        "Genève déclaration": ["La déclaration de Genève"],
        "inconnu": [],
    }
