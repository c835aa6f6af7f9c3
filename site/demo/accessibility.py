"""The accessibility statement, in French and English (written for this portal after the
European model statement for public-sector websites: conformance status, what does not conform
yet, how the statement was prepared, how to report a problem, and the appeal). The portal's
settings point at it, and every footer links to it."""

from wagtail.models import Site

from home.models import ContentPage, PortalSettings

from .home import ensure_home_pages
from .translation import translate

SLUG = "accessibilite"
TITLE = "Déclaration d’accessibilité"
# (tag, French text, English text), in the page's order.
BLOCKS = [
    (
        "p",
        "Le service de presse de l’Organisation veut que chacun puisse lire ses communiqués "
        "et regarder ses vidéos, quels que soient son handicap et ses outils. Cette déclaration "
        "s’applique au portail média, dans ses versions française et anglaise.",
        "The Organisation's press office wants everyone to be able to read its press releases "
        "and watch its videos, whatever their disability and their tools. This statement "
        "covers the media portal, in its French and English versions.",
    ),
    ("h2", "État de conformité", "Conformance status"),
    (
        "p",
        "Le portail est partiellement conforme aux règles WCAG 2.2 de niveau AA, reprises par "
        "la norme européenne EN 301 549, en raison des points listés ci-dessous.",
        "The portal partially conforms to WCAG 2.2 level AA, as taken up by the European "
        "standard EN 301 549, because of the points listed below.",
    ),
    ("h2", "Ce qui n’est pas encore accessible", "What is not accessible yet"),
    (
        "li",
        "Les vidéos mises en ligne avant la création des sous-titres n’en ont pas toutes : "
        "nous les ajoutons, en commençant par les plus regardées.",
        "Videos published before captions existed do not all have them: we are adding them, "
        "starting with the most watched.",
    ),
    (
        "li",
        "Les vidéos n’ont pas d’audiodescription ; la transcription et la liste des plans "
        "décrivent ce qui est montré.",
        "Videos have no audio description; the transcript and the shot list describe what "
        "is shown.",
    ),
    (
        "li",
        "Certains documents PDF joints aux communiqués ne sont pas balisés.",
        "Some PDF documents attached to press releases are not tagged.",
    ),
    ("h2", "Comment cette déclaration a été établie", "How this statement was prepared"),
    (
        "p",
        "Elle repose sur une évaluation faite par l’équipe du portail : contrôles automatiques "
        "de chaque parcours avec axe-core dans les deux langues, puis vérifications au clavier "
        "et avec un lecteur d’écran. Elle est revue à chaque version importante.",
        "It rests on an assessment by the portal's team: automated checks of every journey "
        "with axe-core in both languages, then checks with the keyboard and a screen reader. "
        "It is reviewed with every major release.",
    ),
    ("h2", "Signaler un problème", "Report a problem"),
    (
        "p",
        "Si un contenu vous est inaccessible, écrivez à accessibilite@presse.example.org en "
        "indiquant la page et ce qui vous bloque. Nous vous répondons sous cinq jours ouvrés "
        "et vous envoyons le contenu sous une forme accessible (texte, sous-titres) s’il ne "
        "peut pas être corrigé tout de suite.",
        "If some content is inaccessible to you, write to accessibilite@presse.example.org, "
        "saying which page and what stops you. We answer within five working days and send "
        "you the content in an accessible form (text, captions) if it cannot be fixed at once.",
    ),
    ("h2", "Voies de recours", "Appeal"),
    (
        "p",
        "Si notre réponse ne vous satisfait pas, vous pouvez saisir l’organe de contrôle de "
        "l’accessibilité numérique ou le médiateur compétent de votre pays ; nous vous en "
        "donnons les coordonnées sur simple demande.",
        "If our answer does not satisfy you, you may refer the matter to the digital "
        "accessibility monitoring body or the competent ombudsman of your country; we give "
        "you their details on request.",
    ),
]


def _body():
    html, items = [], []
    for tag, french, _english in BLOCKS:
        if tag == "li":
            items.append(f"<li>{french}</li>")
            continue
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
            items = []
        html.append(f"<{tag}>{french}</{tag}>")
    if items:
        html.append(f"<ul>{''.join(items)}</ul>")
    return "".join(html)


def ensure_statement(homes):
    """The statement in both languages, chosen in the portal's settings."""
    french = ContentPage.objects.filter(locale=homes["fr"].locale, slug=SLUG).first()
    if french is None:
        french = homes["fr"].add_child(
            instance=ContentPage(title=TITLE, slug=SLUG, body=_body(), locale=homes["fr"].locale)
        )
        french.save_revision().publish()
    if french.get_translation_or_none(homes["en"].locale) is None:
        strings = {TITLE: "Accessibility statement", SLUG: "accessibility"}
        strings.update({french_text: english for _tag, french_text, english in BLOCKS})
        translate(french, homes["en"].locale, strings)
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    if portal_settings.accessibility_page_id != french.pk:
        portal_settings.accessibility_page = french
        portal_settings.save()
    return french


def load():
    ensure_statement(ensure_home_pages())
