"""Demo press releases: a news index per language, a topic vocabulary and 36 releases.

The releases are written from a compact table of facts (FACTS) and a few bilingual patterns
(KINDS): 32 are written in French and translated into English, 4 are written in English and
translated into French, all through wagtail-localize (`translate`), as a translator would.
The Organisation, its people and its partners are fictional. Running `load()` twice changes
nothing.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.apps import apps
from django.utils.text import slugify
from wagtail.models import Locale

from news.models import NewsIndexPage, PressReleasePage, PressReleaseTopic, RelatedRelease, Topic
from translators.groups import ensure_translator_groups

from .home import ensure_home_pages
from .translation import translate

PARIS = ZoneInfo("Europe/Paris")
LARGE = ("million", "millions", "milliard", "milliards")

INDEX = {
    "fr": ("Communiqués de presse", "Les communiqués du service de presse de l'Organisation."),
    "en": ("Press releases", "Press releases from the Organisation's press office."),
}

# slug, name: French then English.
TOPICS = {
    "climate": (("climat", "Climat"), ("climate", "Climate")),
    "health": (("sante", "Santé"), ("health", "Health")),
    "education": (("education", "Éducation"), ("education", "Education")),
    "trade": (("commerce", "Commerce"), ("trade", "Trade")),
    "rights": (("droits-humains", "Droits humains"), ("human-rights", "Human rights")),
    "digital": (("numerique", "Numérique"), ("digital", "Digital")),
    "water": (("eau", "Eau"), ("water", "Water")),
}

PLACES = {
    "geneva": ("Genève", "Geneva"),
    "nairobi": ("Nairobi", "Nairobi"),
    "dakar": ("Dakar", "Dakar"),
    "montreal": ("Montréal", "Montreal"),
    "bangkok": ("Bangkok", "Bangkok"),
    "brussels": ("Bruxelles", "Brussels"),
}

PEOPLE = {
    "diallo": ("Amina Diallo, Secrétaire générale", "Amina Diallo, Secretary-General"),
    "lindqvist": (
        "Erik Lindqvist, directeur des programmes",
        "Erik Lindqvist, Director of Programmes",
    ),
    "okafor": ("Chiamaka Okafor, économiste en chef", "Chiamaka Okafor, Chief Economist"),
    "moreau": ("Hélène Moreau, directrice régionale", "Hélène Moreau, Regional Director"),
}

# Each kind of release: title, standfirst, heading, two paragraphs and a quote, in French and
# in English, with {subject}, {region}, {figure}, {partner} and {year} filled from a fact.
KINDS = {
    "report": {
        "fr": (
            "Rapport {year} : {subject_cap}, où en sommes-nous ?",
            "L'Organisation publie aujourd'hui son rapport annuel consacré à {subject} "
            "{region}. Il recense {figure_of} personnes directement concernées.",
            "Principales conclusions",
            "Fondé sur des données recueillies auprès de quarante États membres, le rapport "
            "montre des progrès réels mais inégaux {region}.",
            "Les auteurs recommandent de doubler les investissements d'ici 2030 et de "
            "publier chaque année des indicateurs comparables.",
            "Les chiffres sont clairs : là où l'on investit, les résultats suivent. "
            "Il faut maintenant aller plus loin et plus vite.",
        ),
        "en": (
            "{year} report: {subject_cap}, where do we stand?",
            "The Organisation today publishes its annual report on {subject} {region}. "
            "It counts {figure} people directly affected.",
            "Key findings",
            "Based on data gathered from forty member states, the report shows real but "
            "uneven progress {region}.",
            "The authors recommend doubling investment by 2030 and publishing comparable "
            "indicators every year.",
            "The figures are clear: where we invest, results follow. We must now go "
            "further and faster.",
        ),
    },
    "agreement": {
        "fr": (
            "Accord de coopération avec {partner} sur {subject}",
            "L'Organisation et {partner} ont signé un accord de trois ans pour renforcer "
            "{subject} {region}.",
            "Ce que prévoit l'accord",
            "L'accord associe expertise technique, formation des équipes locales et suivi "
            "indépendant des résultats.",
            "Un premier bilan public sera présenté dans dix-huit mois.",
            "Cet accord donne un cadre durable à une collaboration déjà fructueuse.",
        ),
        "en": (
            "Cooperation agreement with {partner} on {subject}",
            "The Organisation and {partner} have signed a three-year agreement to "
            "strengthen {subject} {region}.",
            "What the agreement provides",
            "The agreement combines technical expertise, training for local teams and "
            "independent monitoring of results.",
            "A first public review will be presented in eighteen months.",
            "This agreement gives a lasting framework to an already fruitful collaboration.",
        ),
    },
    "conference": {
        "fr": (
            "Ouverture de la conférence internationale sur {subject}",
            "Plus de {figure_of} participants sont réunis cette semaine pour débattre de "
            "{subject} {region}.",
            "Au programme",
            "Ministres, chercheurs et représentants de la société civile se succéderont "
            "pendant trois jours de sessions plénières et d'ateliers.",
            "Les débats seront retransmis en direct et les documents publiés sur ce portail.",
            "Nous sommes ici pour trouver des solutions concrètes, pas pour constater les "
            "problèmes.",
        ),
        "en": (
            "International conference on {subject} opens",
            "More than {figure} participants meet this week to discuss {subject} {region}.",
            "On the agenda",
            "Ministers, researchers and civil society representatives will take the floor "
            "over three days of plenary sessions and workshops.",
            "The debates will be streamed live and the documents published on this portal.",
            "We are here to find practical solutions, not to list the problems.",
        ),
    },
    "funding": {
        "fr": (
            "{figure} d'euros pour {subject} {region}",
            "L'Organisation débloque {figure} d'euros afin de soutenir {subject} {region}.",
            "Comment les fonds seront utilisés",
            "Les fonds financeront en priorité des projets portés par des acteurs locaux, "
            "sélectionnés par un comité indépendant.",
            "Un rapport d'utilisation des fonds sera rendu public chaque semestre.",
            "Chaque euro engagé sera suivi et rendu visible, au bénéfice de ceux qui en ont "
            "besoin.",
        ),
        "en": (
            "{figure} euros for {subject} {region}",
            "The Organisation commits {figure} euros to support {subject} {region}.",
            "How the funds will be used",
            "The funds will go first to projects led by local actors, selected by an "
            "independent committee.",
            "A report on the use of the funds will be made public every six months.",
            "Every euro committed will be tracked and made visible, for the benefit of "
            "those who need it.",
        ),
    },
    "programme": {
        "fr": (
            "Lancement d'un programme sur {subject} {region}",
            "Un nouveau programme de l'Organisation accompagnera {figure_of} bénéficiaires "
            "dans le domaine de {subject}.",
            "Un programme en trois volets",
            "Le programme combine conseil aux autorités, projets pilotes et partage des "
            "bonnes pratiques entre pays.",
            "Les premières activités commenceront dès le mois prochain.",
            "Ce programme est né des demandes des pays eux-mêmes : il leur appartient.",
        ),
        "en": (
            "Programme on {subject} launched {region}",
            "A new programme of the Organisation will support {figure} beneficiaries in "
            "the field of {subject}.",
            "A three-part programme",
            "The programme combines advice to authorities, pilot projects and the sharing "
            "of good practice between countries.",
            "The first activities will start next month.",
            "This programme was born of the countries' own requests: it belongs to them.",
        ),
    },
    "statement": {
        "fr": (
            "Déclaration à l'occasion de la journée mondiale consacrée à {subject}",
            "La Secrétaire générale appelle les États à tenir leurs engagements pour {subject}.",
            "Un appel à l'action",
            "Près de {figure_of} personnes restent aujourd'hui privées de progrès dans ce "
            "domaine {region}.",
            "L'Organisation publiera d'ici la fin de l'année une feuille de route commune.",
            "Les promesses ne suffisent plus : il est temps de mesurer ce qui a été fait.",
        ),
        "en": (
            "Statement on the world day for {subject}",
            "The Secretary-General calls on states to keep their commitments on {subject}.",
            "A call to action",
            "Nearly {figure} people are still left without progress in this field {region}.",
            "The Organisation will publish a joint roadmap by the end of the year.",
            "Promises are no longer enough: it is time to measure what has been done.",
        ),
    },
}

SUBJECTS = {
    "climate": ("l'adaptation au changement climatique", "climate change adaptation"),
    "health": ("l'accès aux soins de santé primaires", "access to primary health care"),
    "education": ("la scolarisation des filles", "girls' education"),
    "trade": ("l'équité des échanges commerciaux", "fairness in trade"),
    "rights": ("la liberté de la presse", "press freedom"),
    "digital": ("l'inclusion numérique", "digital inclusion"),
    "water": ("l'accès à l'eau potable", "access to safe drinking water"),
}

REGIONS = {
    "africa": ("en Afrique de l'Ouest", "in West Africa"),
    "asia": ("en Asie du Sud-Est", "in South-East Asia"),
    "americas": ("dans les Amériques", "in the Americas"),
    "world": ("dans le monde", "worldwide"),
    "sahel": ("au Sahel", "in the Sahel"),
    "islands": ("dans les petits États insulaires", "in small island states"),
}

PARTNERS = {
    "bank": ("la Banque régionale de développement", "the Regional Development Bank"),
    "univ": ("l'Université des Grands Lacs", "the University of the Great Lakes"),
    "net": ("le Réseau des villes durables", "the Sustainable Cities Network"),
    "-": ("", ""),
}

# One release a line: number | date | kind | topics (the first gives the subject) | place |
# region | figure in French/in English | partner | speaker | language it is written in.
FACTS_TABLE = """
12 | 2024-12-03 | report | climate | geneva | world | 3,2 millions/3.2 million | - | diallo | fr
14 | 2024-12-17 | agreement | water | dakar | sahel | - | bank | moreau | fr
2 | 2025-01-14 | programme | education | nairobi | africa | 40 000/40,000 | - | lindqvist | fr
5 | 2025-02-04 | conference | trade | geneva | world | 1 200/1,200 | - | okafor | fr
8 | 2025-02-25 | funding | health | nairobi | africa | 25 millions/25 million | - | diallo | fr
11|2025-03-08|statement|education rights|geneva|world|120 millions/120 million|-|diallo|fr
15 | 2025-03-25 | report | water | bangkok | asia | 800 000/800,000 | - | lindqvist | fr
19 | 2025-04-22 | statement | climate | geneva | world | 2 milliards/2 billion | - | diallo | fr
22 | 2025-05-03 | statement | rights | brussels | world | 300/300 | - | diallo | fr
24 | 2025-05-20 | agreement | digital | montreal | americas | - | univ | lindqvist | fr
27 | 2025-06-10 | funding | climate water | dakar | sahel | 18 millions/18 million | - | moreau | fr
30 | 2025-06-26 | conference | health | geneva | world | 900/900 | - | diallo | fr
33 | 2025-07-15 | programme | digital | bangkok | asia | 15 000/15,000 | - | lindqvist | fr
36 | 2025-09-09 | report | trade | geneva | world | 60 millions/60 million | - | okafor | fr
39 | 2025-09-30 | agreement | climate | brussels | islands | - | net | moreau | fr
42 | 2025-10-16 | statement | health | geneva | world | 450 millions/450 million | - | diallo | fr
45 | 2025-11-04 | conference | climate | nairobi | africa | 2 000/2,000 | - | diallo | fr
48 | 2025-11-17 | funding | education | dakar | africa | 12 millions/12 million | - | moreau | fr
51 | 2025-12-02 | programme | trade | montreal | americas | 5 000/5,000 | - | okafor | fr
54 | 2025-12-10 | statement | digital rights | geneva | world | 1 000/1,000 | - | diallo | fr
1 | 2026-01-13 | report | health | geneva | world | 1,5 million/1.5 million | - | lindqvist | fr
4 | 2026-02-03 | agreement | education digital | nairobi | africa | - | univ | lindqvist | fr
7 | 2026-03-03 | funding | water | bangkok | asia | 9 millions/9 million | - | okafor | fr
10 | 2026-03-22 | statement | water | geneva | world | 2,2 milliards/2.2 billion | - | diallo | fr
13 | 2026-04-14 | programme | climate | dakar | sahel | 60 000/60,000 | - | moreau | fr
16 | 2026-05-12 | conference | digital | montreal | americas | 700/700 | - | lindqvist | fr
20 | 2026-06-09 | report | education | geneva | world | 250 millions/250 million | - | diallo | fr
23 | 2026-07-07 | agreement | trade | brussels | world | - | bank | okafor | fr
26 | 2026-09-15 | funding | rights | geneva | world | 4 millions/4 million | - | diallo | fr
29 | 2026-10-06 | programme | health water | nairobi | africa | 30 000/30,000 | - | moreau | fr
31 | 2026-10-27 | conference | rights digital | geneva | world | 600/600 | - | diallo | fr
36 | 2026-11-10 | report | digital | bangkok | asia | 2,6 milliards/2.6 billion | - | lindqvist | fr
9 | 2025-03-11 | agreement | health | geneva | islands | - | net | lindqvist | en
41 | 2025-10-07 | programme | water | montreal | americas | 20 000/20,000 | - | moreau | en
18 | 2026-05-26 | statement | trade | geneva | world | 700 millions/700 million | - | okafor | en
35 | 2026-11-03 | funding | climate | nairobi | africa | 7 millions/7 million | - | diallo | en
"""


def parse_facts(table):
    facts = []
    for line in table.strip().splitlines():
        number, day, kind, topics, place, region, figure, partner, speaker, written_in = (
            cell.strip() for cell in line.split("|")
        )
        figures = tuple(figure.split("/")) if figure != "-" else ("", "")
        facts.append(
            (
                int(number),
                day,
                kind,
                topics.split(),
                place,
                region,
                figures,
                partner,
                speaker,
                written_in,
            )
        )
    return facts


FACTS = parse_facts(FACTS_TABLE)


def load():
    homes = ensure_home_pages()
    locales = {code: Locale.objects.get(language_code=code) for code in ("fr", "en")}
    ensure_translator_groups(apps)
    indexes = ensure_indexes(homes, locales)
    topics = ensure_topics(locales)
    previous_by_topic = {}
    for fact in FACTS:
        release = ensure_release(fact, indexes, topics, locales, previous_by_topic)
        previous_by_topic[fact[3][0]] = release


def ensure_indexes(homes, locales):
    french = NewsIndexPage.objects.filter(locale=locales["fr"]).first()
    if french is None:
        title, introduction = INDEX["fr"]
        french = homes["fr"].add_child(
            instance=NewsIndexPage(
                title=title, slug="communiques", introduction=introduction, locale=locales["fr"]
            )
        )
        french.save_revision().publish()
    english = french.get_translation_or_none(locales["en"])
    if english is None:
        english = translate(
            french,
            locales["en"],
            {
                INDEX["fr"][0]: INDEX["en"][0],
                INDEX["fr"][1]: INDEX["en"][1],
                "communiques": "press-releases",
            },
        )
    return {"fr": french, "en": english.specific}


def ensure_topics(locales):
    topics = {}
    for key, ((slug_fr, name_fr), (slug_en, name_en)) in TOPICS.items():
        french = Topic.objects.filter(locale=locales["fr"], slug=slug_fr).first()
        if french is None:
            french = Topic.objects.create(locale=locales["fr"], slug=slug_fr, name=name_fr)
        if french.get_translation_or_none(locales["en"]) is None:
            translate(french, locales["en"], {name_fr: name_en, slug_fr: slug_en})
        topics[key] = french
    return topics


def ensure_release(fact, indexes, topics, locales, previous_by_topic):
    number, day, kind, topic_keys, place, region, figure, partner, speaker, written_in = fact
    year = int(day[:4])
    reference = f"PR/CP({year}){number:03d}"
    source, target = (0, 1) if written_in == "fr" else (1, 0)
    source_code = ("fr", "en")[source]
    target_code = ("fr", "en")[target]
    existing = PressReleasePage.objects.filter(
        reference=reference, locale=locales[source_code]
    ).first()
    if existing is not None:
        return existing
    texts = [release_texts(fact, language) for language in (0, 1)]
    source_texts, target_texts = texts[source], texts[target]
    index = indexes[source_code]
    release = index.add_child(
        instance=PressReleasePage(
            title=source_texts["title"],
            slug=slugify(source_texts["title"])[:80],
            standfirst=source_texts["standfirst"],
            place=PLACES[place][source],
            reference=reference,
            release_date=datetime.combine(
                datetime.fromisoformat(day).date(), time(10, 0), tzinfo=PARIS
            ),
            body=body(source_texts),
            locale=locales[source_code],
            topic_links=[PressReleaseTopic(topic=topics[key]) for key in topic_keys],
            related_links=[
                RelatedRelease(release=previous_by_topic[key])
                for key in topic_keys[:1]
                if key in previous_by_topic
            ],
        )
    )
    release.save_revision().publish()
    strings = {source_texts[name]: target_texts[name] for name in source_texts}
    strings[release.slug] = slugify(target_texts["title"])[:80]
    strings[PLACES[place][source]] = PLACES[place][target]
    translate(release, locales[target_code], strings)
    return release


def release_texts(fact, language):
    number, day, kind, topic_keys, place, region, figure, partner, speaker, written_in = fact
    subject = SUBJECTS[topic_keys[0]][language]
    values = {
        "subject": subject,
        "subject_cap": subject[:1].upper() + subject[1:],
        "region": REGIONS[region][language],
        "figure": figure[language],
        # "3 millions de personnes" but "40 000 personnes"
        "figure_of": figure[language] + (" de" if figure[language].endswith(LARGE) else ""),
        "partner": PARTNERS[partner][language],
        "year": day[:4],
    }
    title, standfirst, heading, first, second, quote = (
        text.format(**values) for text in KINDS[kind][("fr", "en")[language]]
    )
    return {
        "title": title,
        "standfirst": standfirst,
        "heading": heading,
        "first": first,
        "second": second,
        "quote": quote,
        "speaker": PEOPLE[speaker][language],
    }


def body(texts):
    return [
        ("paragraph", f"<p>{texts['first']}</p>"),
        ("heading", texts["heading"]),
        ("paragraph", f"<p>{texts['second']}</p>"),
        ("quote", {"text": texts["quote"], "attribution": texts["speaker"]}),
    ]
