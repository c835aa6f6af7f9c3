"""A French news section with two published releases (for wagtail-localize's subtree jobs)."""


def make_french_news_section(french_home):
    from wagtail.models import Locale

    from news.models import NewsIndexPage, PressReleasePage

    french = Locale.objects.get(language_code="fr")
    index = french_home.add_child(
        instance=NewsIndexPage(title="Communiqués", slug="communiques", locale=french)
    )
    index.save_revision().publish()
    for number in (1, 2):
        index.add_child(
            instance=PressReleasePage(
                title=f"Communiqué {number}",
                standfirst="Chapeau.",
                place="Genève",
                reference=f"PR/CP(2025){number}",
                body=[],
                locale=french,
            )
        ).save_revision().publish()
    return index
