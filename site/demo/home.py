"""The two language trees: a French home page (the source) and its English translation."""

from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage

from .translation import translate

FRENCH_TITLE = "Portail média"
FRENCH_INTRODUCTION = (
    "Communiqués, actualités et vidéos du service de presse, prêts à être repris par les "
    "journalistes et les diffuseurs."
)
ENGLISH = {
    FRENCH_TITLE: "Media portal",
    FRENCH_INTRODUCTION: (
        "Press releases, news and videos from the press office, ready for journalists and "
        "broadcasters to use."
    ),
}


def ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("fr", "en")}


def ensure_roots():
    """The tree roots Wagtail's migrations create (a database flushed by tests has none)."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", locale=ensure_locales()["fr"])
        )
    return root


def ensure_home_pages():
    """Both home pages and the site that serves them; idempotent. Returns {code: HomePage}."""
    locales = ensure_locales()
    root = ensure_roots()
    french = HomePage.objects.filter(locale=locales["fr"], depth=2).first()
    if french is None:
        french = root.add_child(
            instance=HomePage(
                title=FRENCH_TITLE,
                slug="accueil",
                introduction=FRENCH_INTRODUCTION,
                locale=locales["fr"],
            )
        )
        french.save_revision().publish()
    _point_site_at(french)
    english = french.get_translation_or_none(locales["en"])
    if english is None:
        english = translate(french, locales["en"], ENGLISH)
    return {"fr": french, "en": english.specific}


def _point_site_at(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="Media portal"
        )
        return
    if site.root_page_id == home.pk:
        return
    previous = site.root_page
    site.root_page = home
    site.save()
    # Wagtail's first migration leaves a placeholder "Welcome" page: it has no place here.
    if previous.specific_class is Page and previous.depth == 2 and not previous.get_children():
        previous.delete()


def load():
    ensure_home_pages()
