"""The two language trees: a French home page (the source) and its English translation."""

from wagtail.models import Collection, Locale, Page, PageLogEntry, Site

from home.models import ContentPage, HomePage, PortalSettings

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
        # As Wagtail's migration makes it: no "created" entry in the site's history.
        PageLogEntry.objects.filter(page=root).delete()
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


TERMS_TITLE = "Conditions d’utilisation"
TERMS_PARAGRAPHS = [
    (
        "Les communiqués, photographies et vidéos de ce portail sont mis à la disposition des "
        "médias pour informer le public sur les activités de l’Organisation."
    ),
    (
        "Ils peuvent être repris gratuitement dans un cadre rédactionnel, à condition de citer la "
        "mention de crédit indiquée à côté de chaque contenu et de ne pas en déformer le sens."
    ),
    (
        "Toute utilisation publicitaire ou commerciale, ainsi que la revente des fichiers, est "
        "exclue sans l’accord écrit du service de presse."
    ),
    (
        "Les téléchargements sont enregistrés avec votre compte afin que le service de presse "
        "sache quels contenus sont repris ; ces données ne sont jamais cédées à des tiers."
    ),
]
TERMS_SLUG = "conditions-d-utilisation"
TERMS_ENGLISH = {
    TERMS_TITLE: "Terms of use",
    TERMS_SLUG: "terms-of-use",
    TERMS_PARAGRAPHS[0]: (
        "The press releases, photographs and videos on this portal are made available to the "
        "media to inform the public about the Organisation's work."
    ),
    TERMS_PARAGRAPHS[1]: (
        "They may be used free of charge in editorial work, provided the credit line shown "
        "next to each item is given and their meaning is not distorted."
    ),
    TERMS_PARAGRAPHS[2]: (
        "Advertising or commercial use, and resale of the files, are excluded without the "
        "written consent of the press office."
    ),
    TERMS_PARAGRAPHS[3]: (
        "Downloads are recorded with your account so that the press office knows which "
        "material is used; this data is never passed on to third parties."
    ),
}


def ensure_terms_pages(homes):
    """The terms of use in both languages, chosen in the portal's settings."""
    french = ContentPage.objects.filter(locale=homes["fr"].locale, slug=TERMS_SLUG).first()
    if french is None:
        french = homes["fr"].add_child(
            instance=ContentPage(
                title=TERMS_TITLE,
                slug=TERMS_SLUG,
                body="".join(f"<p>{text}</p>" for text in TERMS_PARAGRAPHS),
                locale=homes["fr"].locale,
            )
        )
        french.save_revision().publish()
    if french.get_translation_or_none(homes["en"].locale) is None:
        translate(french, homes["en"].locale, TERMS_ENGLISH)
    site = Site.objects.get(is_default_site=True)
    portal_settings = PortalSettings.for_site(site)
    if portal_settings.terms_page_id != french.pk:
        portal_settings.terms_page = french
        portal_settings.save()
    return french


def load():
    ensure_terms_pages(ensure_home_pages())
