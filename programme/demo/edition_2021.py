"""The 2021 edition of "En Compagnie des Tiers-Lieux" (Lille, Bazaar St So, 29 November
2021), transcribed from the edition's programme page (the project's seed document).

This module is data only: the ``load_demo`` management command reads it and builds the
pages and snippets. Text is the seed's, word for word and with its typography (« », ’,
…); only doubled spaces are dropped. Where the seed is silent nothing is invented: no
time of day, no address or coordinates it does not give, no video, no logo, no link.

How to read it
- ``VENUES`` and ``PEOPLE`` become Venue and Person snippets (French locale). Pages refer
  to them by name, so every name here is unique. A room names its building in
  ``part_of``; a building comes before its rooms.
- ``SITE`` is the page tree under the site root, depth first, in the order pages appear.
  Each page is a dict: ``type`` (app_label.ModelName), ``slug``, ``title``, then model
  fields by name, and optionally ``people`` (name, role), ``stops`` (venue name, note)
  and ``children``.
- Rich text and stream fields are written as plain text: a string is one paragraph;
  a stream is a list of ``("paragraph", text)``, ``("list", [items])`` and
  ``("menu", {name, dish, dessert, drink})`` entries.

Choices made where the seed says nothing (also in the command's docstring):
- Slugs, the edition's page title and the route page titles. A route's title is its
  theme: the page shows its number and mode beside it ("1. Médiation Numérique",
  "Parcours en bus"); its SEO title reads "Parcours 1 – Médiation Numérique".
- Slot numbers: the six workshops share slot 1, the three routes slot 2.
- Rooms (Les Halles, Halle basse 1 and 2, Espace Accueil, Salle “Petite Fabrique”, the
  forecourt) are rooms of the Bazaar St So; Salle C is in the Maison Stéphane Hessel.
- Only the opening, the plenary and the round table (200), the routes (30 each) and
  the evening (100) require registration: the seed puts the mention on those alone.
- Person fields: organisation and function are split as the seed phrases them;
  contributors of La Compagnie des Tiers-Lieux get the function "Contributeur" or
  "Contributrice".
"""

from datetime import date, time

BAZAAR = "Bazaar St So"

VENUES = [
    {"name": BAZAAR, "address": "292 rue Camille Guérin", "postcode": "59000", "town": "Lille"},
    {"name": "Espace Accueil", "part_of": BAZAAR},
    {"name": "Les Halles", "part_of": BAZAAR},
    {"name": "Halle basse 1", "part_of": BAZAAR},
    {"name": "Halle basse 2", "part_of": BAZAAR},
    {"name": "Salle “Petite Fabrique”", "part_of": BAZAAR},
    {"name": "Parvis du Bazaar St So", "part_of": BAZAAR},
    {"name": "Maison Stéphane Hessel"},
    {"name": "Salle C", "part_of": "Maison Stéphane Hessel"},
    {"name": "Le Bus Magique"},
    # Stops of the routes, with the town or district the seed gives.
    {"name": "Pop Café", "town": "Lille Wazemmes"},
    {"name": "ESSpace 216"},
    {"name": "Emmaus Connect", "town": "Roubaix"},
    {"name": "Le Cube EIC", "town": "Tourcoing"},
    {"name": "La FabNum", "town": "Marcq-en-Baroeul"},
    {"name": "Fabricarium de Polytech", "town": "Villeneuve d’Ascq"},
    {"name": "Tipimi", "town": "Lille Fives"},
    {"name": "Métalu", "town": "Lille Moulins"},
    {"name": "Hop’n Work", "town": "Lambersart"},
]

COMPAGNIE = "La Compagnie des Tiers-Lieux"

PEOPLE = [
    {
        "name": "Akim Oural",
        "organisation": "Métropole Européenne de Lille",
        "role": "élu à la Métropole Européenne de Lille, Délégué Innovation et numérique",
    },
    {
        "name": "Yaël Benayoun",
        "organisation": "Le Mouton Numérique",
        "role": "Cofondatrice du Mouton Numérique",
        "bio": (
            "Diplômée en philosophie politique et en sciences sociales, Yaël Benayoun mène une "
            "activité indépendante de conseil en sociologie et de recherche, avec laquelle elle "
            "milite pour une meilleure prise en considération des réalités du terrain dans les "
            "choix technologiques et autres décisions stratégiques. Elle est cofondatrice du "
            "Mouton Numérique, association qui met en lumière les enjeux sociaux, politiques et "
            "environnementaux du numérique et des nouvelles technologies. Elle est l’autrice avec "
            "Irénée Régnauld du livre Technologies partout, démocratie nulle part : Plaidoyer pour "
            "que les choix technologiques deviennent d’affaire de tous (Fyp éditions, 2020)."
        ),
    },
    {"name": "Sébastien Personne", "organisation": "La Machinerie"},
    {"name": "Majdouline Sbaï", "organisation": "Plateau Fertile"},
    {"name": "Charlotte Berthelot", "organisation": "La FabNum"},
    {"name": "Solène Grivet", "organisation": "La Ligue de l’enseignement de l’Oise"},
    {"name": "Alexandre Bigot-Verdier", "organisation": COMPAGNIE, "role": "Contributeur"},
    {"name": "Yolaine Proult", "organisation": "France Tiers-Lieux", "role": "Déléguée Générale"},
    {
        "name": "Cécilia Quay-Chatelet",
        "organisation": "France Tiers-Lieux",
        "role": "Responsable du programme Manufacture",
    },
    {"name": "Mihaela Cretu", "organisation": COMPAGNIE, "role": "Contributrice"},
    {"name": "Charlotte Filbien", "organisation": COMPAGNIE, "role": "Contributrice"},
    {"name": "Capucine Deweer", "organisation": COMPAGNIE, "role": "Contributrice"},
    {"name": "Laurent Courouble", "organisation": COMPAGNIE, "role": "Contributeur"},
    {"name": "Rachid Cherfaoui", "organisation": "Solidarium Pays de Bray (60)"},
    {"name": "Guillaume Delevaque", "organisation": "APES/Plateformes Coopératives"},
    {"name": "Célia Van Berkum", "organisation": "MEL"},
    {"name": "Marion Saint-Maxent", "organisation": COMPAGNIE, "role": "Contributrice"},
    {"name": "Marie-Julie Rock", "organisation": COMPAGNIE, "role": "Contributrice"},
    {"name": "Sébastien Plihon", "organisation": COMPAGNIE, "role": "Contributeur"},
]

TAGLINE = (
    "Rencontrer les acteurs qui font le territoire, visiter des lieux inspirants, participer à "
    "des ateliers de co-construction et faire avancer nos problématiques communes : l’événement "
    "« En Compagnie des Tiers-Lieux » est le rendez-vous à ne pas manquer !"
)

EDITO = [
    (
        "paragraph",
        "Qu’on le voit comme une opportunité ou que cela nous donne des boutons, le mot « numérique » "
        "s’est durablement installé dans le paysage tiers-lieux. Pour beaucoup, ces deux concepts "
        "dont les contours sont tout aussi mal définis, partagent des racines communes. Ils incarnent "
        "les rêves d’un nouveau rapport au savoir et au lien social. Pour d’autres, c’est tout le "
        "contraire...",
    ),
    (
        "paragraph",
        "Le numérique est-il une opportunité pour simplifier la vie de nos usagers ? Un levier de "
        "financement comme un autre ? Le cheval de Troie de la « start-up nation » ? Est-ce "
        "qu’assumer des services de médiation numérique rend les tiers-lieux complices d’une "
        "politique publique de la déshumanisation, alors même qu’ils défendent le lien social ? "
        "Certainement un peu tout ça à la fois. Ce qui est sûr, c’est que si les tiers-lieux ne "
        "s’en emparent pas, ils en subiront eux aussi les usages. À leurs dépends.",
    ),
    (
        "paragraph",
        "D’un côté, les tiers lieux peuvent se penser comme une infrastructure numérique du dernier "
        "kilomètre. Pendant les confinements, ils se sont mobilisés pour produire visières, masques, "
        "pour fournir des tablettes, des ordinateurs aux familles pour maintenir la continuité "
        "pédagogique. Dans beaucoup d’endroits, ils sont le dernier visage ami avant un formulaire "
        "« fatal » (Benjamin Bayart). Bien entendu, la société numérique ne se fera pas sans "
        "humains. Mais où sont-ils, ces humains du XXIe siècle, si ce n’est dans nos lieux.",
    ),
    (
        "paragraph",
        "Par ailleurs, qui de mieux placés que nos lieux du faire ensemble local pour impulser des "
        "démarches d’appropriation vertueuse du numérique : plateformes pour les circuits courts, "
        "auto-organisation de la mobilité en zone rurale, nouveaux services de logistique décarbonée "
        "locale ? Le numérique sera-t-il jamais mis au service des transitions écologiques et "
        "solidaires, si ses usages sont choisis en dehors de lieux qui incarnent ces transitions ?",
    ),
    (
        "paragraph",
        "Enfin, ces services numériques constituent aussi des solutions pour le fonctionnement "
        "quotidien des tiers-lieux : outil de réservation en ligne, pass inter lieux, réseaux "
        "sociaux de proximité sont développés en mode commun par les réseaux de tiers-lieux. Mais "
        "il reste tant à faire…",
    ),
    (
        "paragraph",
        "Consolons-nous au moins d’une chose. Si le « numérique » nous fatigue, les médiateurs "
        "numériques semblent eux aussi excédés par l’injonction de transformer leurs lieux "
        "d’accueil en « tiers-lieux ».",
    ),
    (
        "paragraph",
        "Forts de ce constat, nous avons souhaité collaborer avec Les Assembleurs et interroger "
        "collectivement pendant 2 jours les liens entre tiers-lieux et numérique.",
    ),
]

ROUTES_INTRO = (
    "Chaque parcours met en avant les liens qu’entretiennent les lieux avec la thématique "
    "“numérique”. Le retour au Bazaar est prévu pour 18h."
)
ROUTES_NB = (
    "NB : En fonction des inscriptions, nous nous laissons la possibilité d’ajouter un parcours "
    "supplémentaire"
)
BIKE_NOTE = "Pour ceux qui le peuvent, prenez vos vélos ! Pour les autres, nous en aurons quelques uns à vous prêter !"


def _route(number, slug, mode, theme, stops, extra_body=()):
    """The three routes differ only by these; the rest is the seed's common text."""
    return {
        "type": "programme.RoutePage",
        "slug": slug,
        "title": theme,
        "seo_title": f"Parcours {number} – {theme}",
        "number": number,
        "slot": 2,
        "mode": mode,
        "theme": theme,
        "venue": BAZAAR,
        "meeting_point": "Départ rue Camille Guérin",
        "return_time": time(18, 0),
        "registration_required": True,
        "capacity": 30,
        "summary": ROUTES_INTRO,
        "body": [("paragraph", ROUTES_INTRO), *extra_body, ("paragraph", ROUTES_NB)],
        "stops": stops,
    }


def _workshop(number, slug, title, venue, people, summary, body, location_note=""):
    return {
        "type": "programme.WorkshopPage",
        "slug": slug,
        "title": title,
        "format": "workshop",
        "number": number,
        "slot": 1,
        "venue": venue,
        "location_note": location_note,
        "summary": summary,
        "body": [("paragraph", text) for text in body],
        "people": people,
    }


WORKSHOP_1_INTRO = (
    "Un atelier France Tiers-Lieux, mené par Yolaine Proult, Déléguée Générale et Cécilia "
    "Quay-Chatelet, Responsable du programme Manufacture."
)
WORKSHOP_2_TEXT = (
    "Comment le numérique peut-il être un outil d’émancipation, de transformation et des luttes "
    "pour favoriser l’égalité d’actions, la liberté d’expression et de participation dans les "
    "tiers lieux afin d’acquérir des outils pour répondre à des questions d’horizontalité, de "
    "prises de parole, de fabrication et d’inclusion."
)
WORKSHOP_3_LEAD = (
    "Diversifier les services de nos lieux, c’est la promesse de multiplier les moyens "
    "d’animation et de fidélisation de nos usagers."
)
WORKSHOP_4_LEAD = (
    "Coopérer s’avère une condition sine qua non pour assurer la transition sociale, écologique "
    "et économique de nos territoires. Mais coopérer avec qui ? pour quoi faire ?"
)
WORKSHOP_5_LEAD = (
    "Vous êtes élu·e et aimeriez voir émerger un tiers-lieu sur votre territoire ? Ou habitant·e "
    "d’une commune non dotée en tiers-lieu souhaitant monter un projet ? Cet atelier est fait "
    "pour vous !"
)
WORKSHOP_6_LEAD = (
    "La Compagnie des Tiers-Lieux a lancé une invitation à TOUS les réseaux de tiers-lieux de "
    "France. 8 régions seront présentes pour ce premier rendez-vous à l’initiative des réseaux "
    "eux-mêmes."
)

SESSIONS = [
    {
        "type": "programme.WorkshopPage",
        "slug": "accueil",
        "title": "Accueil",
        "format": "reception",
        "venue": "Espace Accueil",
        "location_note": "et Bar Les Halles",
    },
    {
        "type": "programme.WorkshopPage",
        "slug": "ouverture",
        "title": "Ouverture",
        "format": "opening",
        "venue": "Les Halles",
        "registration_required": True,
        "capacity": 200,
        "summary": (
            "Bienvenue et programme de la journée – par la Compagnie des Tiers-Lieux et le Bazaar St So"
        ),
        "body": [
            (
                "list",
                [
                    "Bienvenue et programme de la journée – par la Compagnie des Tiers-Lieux et le "
                    "Bazaar St So",
                    "Intervention d’Akim Oural, élu à la Métropole Européenne de Lille, Délégué "
                    "Innovation et numérique",
                ],
            )
        ],
        "people": [("Akim Oural", "speaker")],
    },
    {
        "type": "programme.WorkshopPage",
        "slug": "pleniere-inspirante",
        "title": "Plénière inspirante",
        "format": "plenary",
        "venue": "Les Halles",
        "registration_required": True,
        "capacity": 200,
        "summary": (
            "Et si les tiers-lieux avaient un rôle à jouer pour donner une voix à chacun·e dans la "
            "définition de la société numérique ?"
        ),
        "body": [
            (
                "paragraph",
                "Les déploiements de nouvelles technologies, qu’ils soient impulsés par des états ou "
                "par le marché, sont autant de choix structurants qui redessinent pixel après pixel "
                "les contours de nos sphères sociales intimes et la nature de nos relations avec les "
                "institutions. Et si les tiers-lieux avaient un rôle à jouer pour donner une voix à "
                "chacun·e dans la définition de la société numérique ?",
            )
        ],
        "people": [("Yaël Benayoun", "speaker")],
    },
    {
        "type": "programme.WorkshopPage",
        "slug": "table-ronde",
        "title": "Table ronde",
        "format": "round_table",
        "venue": "Les Halles",
        "registration_required": True,
        "capacity": 200,
        "summary": "Donnons la parole aux lieux pour mettre en lumière la diversité de ces pratiques.",
        "body": [
            (
                "paragraph",
                "Fablabs, lieux de production, de re-mobilisation, de travail ou d’éducation "
                "populaire, la diversité de l’ADN des tiers-lieux les pousse à ne pas mobiliser les "
                "opportunités du numérique pour les mêmes raisons, ni par les mêmes moyens. Donnons "
                "la parole aux lieux pour mettre en lumière la diversité de ces pratiques.",
            )
        ],
        "people": [
            ("Sébastien Personne", "speaker"),
            ("Majdouline Sbaï", "speaker"),
            ("Charlotte Berthelot", "speaker"),
            ("Solène Grivet", "speaker"),
            ("Alexandre Bigot-Verdier", "moderator"),
        ],
    },
    _workshop(
        1,
        "atelier-1-manufacture-de-proximite",
        "Devenir une Manufacture de Proximité : pourquoi, comment ?",
        "Les Halles",
        [("Yolaine Proult", "facilitator"), ("Cécilia Quay-Chatelet", "facilitator")],
        summary=WORKSHOP_1_INTRO,
        body=[
            WORKSHOP_1_INTRO
            + " Elles reviendront dans un premier temps sur l’origine du programme, ses enjeux, les "
            "attendus d’une Manufacture et les critères d’éligibilité à l’Appel à manifestation "
            "d’intérêt, et dans un second temps, répondront à toutes vos questions et vous "
            "aiguillerons si vous souhaitez candidater."
        ],
    ),
    _workshop(
        2,
        "atelier-2-outils-numeriques-emancipation",
        "Des outils numériques pour favoriser l’émancipation de toutes et tous",
        "Espace Accueil",
        [("Mihaela Cretu", "facilitator"), ("Charlotte Filbien", "facilitator")],
        summary=WORKSHOP_2_TEXT,
        body=[
            "Un atelier animé par Mihaela Cretu et Charlotte Filbien, contributrices à la Compagnie "
            "des Tiers-Lieux.",
            WORKSHOP_2_TEXT,
        ],
    ),
    _workshop(
        3,
        "atelier-3-mutualiser-services-numeriques",
        "Mutualisons les briques de services numériques de proximité dont nous avons besoins "
        "dans nos tiers-lieux",
        "Halle basse 2",
        [("Capucine Deweer", "facilitator"), ("Alexandre Bigot-Verdier", "facilitator")],
        summary=WORKSHOP_3_LEAD,
        body=[
            "Un atelier animé par Capucine Deweer et Alexandre Bigot-Verdier, contributeurs à la "
            "Compagnie des Tiers-Lieux",
            WORKSHOP_3_LEAD
            + " Les outils numériques amènent leur lot d’opportunités à cet égard : retrait de "
            "circuit court alimentaire, livraison de denrées non commercialisées sur le territoire, "
            "organisation de la mobilité, etc.",
            "Toutefois, lancer un nouveau service est une activité chronophage. Les bénéfices sont "
            "souvent surévaluées et les contraintes sous-évaluées. La mise en œuvre d’un tel projet "
            "passe souvent après de nombreuse tâches quotidiennes prioritaires et les idées "
            "enthousiasmantes sont remises à demain bien que nécessaires pour le territoire.",
            "Notre objectif est d’identifier pendant cet atelier des besoins communs en terme de "
            "services de proximité. Cet atelier nous permettra d’envisager ensemble la mutualisation "
            "de moyens pour rendre collectivement des services qui nous semblent trop complexes à "
            "mettre en œuvre chacun dans notre lieu.",
        ],
    ),
    _workshop(
        4,
        "atelier-4-numerique-et-cooperations-locales",
        "Le rôle du numérique dans les dynamiques de coopérations locales ?",
        "Halle basse 1",
        [
            ("Laurent Courouble", "facilitator"),
            ("Rachid Cherfaoui", "witness"),
            ("Guillaume Delevaque", "witness"),
        ],
        summary=WORKSHOP_4_LEAD,
        body=[
            "Un atelier animé par Laurent Courouble, contributeur à la Compagnie des Tiers-Lieux",
            WORKSHOP_4_LEAD
            + " Quelle est la bonne échelle et les conditions de succès pour des coopérations "
            "économiques et sociales fécondes ? Le numérique a certainement un rôle dans la "
            "réussite de ces coopérations, mais est-il un simple outil de mobilisation ou y a t-il "
            "là quelque chose de plus ambitieux à proposer…?",
            "Après un tour de salle des initiatives que portent les participants sur ces sujets, "
            "Rachid Cherfaoui du Solidarium Pays de Bray (60) et Guillaume Delevaque de "
            "l’APES/Plateformes Coopératives apporteront leurs témoignages sur ce qui “fait "
            "système”.",
        ],
    ),
    _workshop(
        5,
        "atelier-5-emergence-tiers-lieu-commune",
        "Les incontournables pour faciliter l’émergence d’un tiers-lieux sur sa commune",
        "Salle C",
        [
            ("Célia Van Berkum", "facilitator"),
            ("Marion Saint-Maxent", "facilitator"),
            ("Marie-Julie Rock", "facilitator"),
        ],
        location_note="10 min à pied du Bazaar St So",
        summary=WORKSHOP_5_LEAD,
        body=[
            "Un atelier animé par Célia Van Berkum de la MEL, Marion Saint-Maxent et Marie-Julie "
            "Rock, contributrices à La Compagnie des Tiers-Lieux. " + WORKSHOP_5_LEAD,
            "Nous allons tout d’abord nous attacher à vous (re)présenter de manière claire la "
            "notion de tiers-lieu (les besoins auxquels ils peuvent répondre, les formes qu’ils "
            "peuvent prendre, etc.) avant de vous présenter le parcours type d’accompagnement "
            "d’une commune à l’émergence d’un tiers-lieu sur son territoire, forts de différentes "
            "expérimentations menées dans des communes péri-urbaines, voire rurales, de la MEL",
            "L’objectif de l’atelier est de répondre à vos principales interrogations (sur les "
            "différents modes d’organisation, de gouvernance, de financement, etc. envisageables "
            "dans un tiers-lieu), mais aussi et surtout de vous apprendre comment une commune peut "
            "réellement co-construire un projet avec ses habitant·e·s en se plaçant au même rang "
            "qu’eux·elles dans les échanges et dans les prises de décision. Ainsi nous nous "
            "interrogerons sur la posture à adopter pour laisser la place aux initiatives et aux "
            "envies, et verrons comment on peut faciliter l’émergence d’un projet sur notre "
            "territoire.",
        ],
    ),
    _workshop(
        6,
        "atelier-6-reseaux-regionaux",
        "Réseaux Régionaux – échanges de pratiques",
        "Salle “Petite Fabrique”",
        [("Sébastien Plihon", "facilitator")],
        location_note="temps dédié aux réseaux régionaux de tiers-lieux",
        summary=WORKSHOP_6_LEAD,
        body=[
            "Un atelier animé par Sébastien Plihon, Contributeur à La Compagnie des Tiers-Lieux",
            WORKSHOP_6_LEAD
            + " Il était temps de nous prendre en main ! Au programme : échanges de pratiques, "
            "dispositifs contributifs et coopérations territoriales. Avec la participation de "
            "Bretagne Tiers-Lieux, la Coop d’Aquitaine, A+ C’est mieux, Tiers-Lieux Normandie, Sud "
            "Tiers-Lieux, Bourgogne, Occitanie, France Tiers-Lieux, l’ANCT et tous ceux qui "
            "souhaitent nous rejoindre",
        ],
    ),
    {
        "type": "programme.WorkshopPage",
        "slug": "dejeuner",
        "title": "Déjeuner",
        "format": "meal",
        "venue": "Parvis du Bazaar St So",
        "summary": "3 menus au choix",
        "body": [
            ("paragraph", "3 menus au choix :"),
            (
                "menu",
                {
                    "name": "Formule Assiette O saveurs",
                    "dish": "Assiette composée de 3 falafels, houmous, fatayer (feta persil), pain",
                    "dessert": "Basboussa (gâteau semoule, yaourth et noix de coco)",
                    "drink": "Jus de Pomme de l’Avesnois",
                },
            ),
            (
                "menu",
                {
                    "name": "Formule Lasagnes végétariennes",
                    "dish": "Lasagne de Butternut",
                    "dessert": "Part de tarte au chocolat",
                    "drink": "limonade",
                },
            ),
            (
                "menu",
                {
                    "name": "Formule Pizza Margherita",
                    "dish": "base sauce tomate, Mozzarela Di Buffala, Basilic",
                    "dessert": "tarte au chocolat",
                    "drink": "limonade",
                },
            ),
            (
                "paragraph",
                "Une alternative à nos formules ? Sachez que les Sandwicheries Fasthoch ou Petit "
                "Louis se trouvent à moins de 5mn à pieds du Bazaar St So.",
            ),
        ],
    },
    _route(
        1,
        "parcours-1-mediation-numerique",
        "bus",
        "Médiation Numérique",
        [("Pop Café", ""), ("ESSpace 216", ""), ("Emmaus Connect", "")],
    ),
    _route(
        2,
        "parcours-2-fabrication-numerique",
        "bus",
        "Fabrication Numérique",
        [("Le Cube EIC", ""), ("La FabNum", ""), ("Fabricarium de Polytech", "")],
    ),
    _route(
        3,
        "parcours-3-communs-numeriques",
        "bike",
        "Les Communs numériques en pratique dans les tiers-lieux",
        [("Tipimi", ""), ("Métalu", ""), ("Hop’n Work", "")],
        extra_body=[("paragraph", BIKE_NOTE)],
    ),
    {
        "type": "programme.WorkshopPage",
        "slug": "soiree-bus-magique",
        "title": "Soirée au Bus Magique",
        "format": "evening",
        "venue": "Le Bus Magique",
        "registration_required": True,
        "capacity": 100,
        "practical_note": "Adhésion au Bus Magique à prix libre",
        "summary": (
            "Se retrouver, boire un verre et discuter, participer à quelques animations, pour finir "
            "la journée."
        ),
        "body": [
            (
                "paragraph",
                "Se retrouver, boire un verre et discuter, participer à quelques animations, pour "
                "finir la journée.",
            ),
            ("paragraph", "Premier verre offert par la Compagnie des Tiers-Lieux !"),
            (
                "paragraph",
                "Le Bus Magique c’est avant tout une association qui carbure à certaines valeurs qui "
                "lui sont essentielles : le bien-être, le respect de l’environnement, le lien social, "
                "le soutien de l’économie locale et la culture. Il est ouvert à toutes et à tous et, "
                "dans cet esprit, fait la part belle aux initiatives de chacun. Sans ce souffle "
                "collectif et cette envie commune, notre péniche n’aurait pas été bien loin ! "
                "Retrouve toutes les aventures qui l’ont menée jusqu’ici dans la rubrique “histoire "
                "de la péniche”. Nous continuons à écrire cette histoire avec celles et ceux qui "
                "souhaitent nous aider à faire vivre ce lieu magique…",
            ),
        ],
    },
]

# Every sentence below restates a fact of the seed; nothing about transport or access.
PRACTICAL_INFORMATION = [
    (
        "paragraph",
        "L’événement a lieu au Bazaar St So, 292 rue Camille Guérin, 59000 Lille. L’atelier 5 a lieu "
        "à la Maison Stéphane Hessel, à 10 min à pied du Bazaar St So.",
    ),
    (
        "paragraph",
        "Les parcours partent de la rue Camille Guérin ; le retour au Bazaar est prévu pour 18h. "
        "Pour le parcours à vélo, prenez votre vélo si vous le pouvez : nous en aurons quelques uns "
        "à prêter.",
    ),
    (
        "paragraph",
        "Inscription obligatoire pour l’ouverture, la plénière inspirante et la table ronde "
        "(200 places), pour les parcours (30 places par parcours) et pour la soirée au Bus Magique "
        "(100 places, adhésion au Bus Magique à prix libre).",
    ),
]

GO_FURTHER = [
    (
        "paragraph",
        "En compagnie des tiers-lieux 2021 s'associe au NEC local des Assembleurs, hub numérique "
        "inclusif des Hauts-de-France, qui aura lieu le 30 novembre à La Plaine Image, Tourcoing. "
        "Une journée d’échanges et débats sur le thème : “Où se fait la médiation numérique "
        "aujourd’hui ?”",
    ),
]


def _partner(slug, title, tier, description):
    return {
        "type": "partners.PartnerPage",
        "slug": slug,
        "title": title,
        "tier": tier,
        "description": description,
    }


PARTNERS = [
    _partner(
        "la-compagnie-des-tiers-lieux",
        COMPAGNIE,
        "organiser",
        "Organise « En Compagnie des Tiers-Lieux » 2021 ; ses contributrices et contributeurs "
        "animent la table ronde et cinq des six ateliers.",
    ),
    _partner(
        "bazaar-st-so",
        BAZAAR,
        "host",
        "Accueille l’édition au 292 rue Camille Guérin, 59000 Lille, et ouvre la journée avec la "
        "Compagnie des Tiers-Lieux.",
    ),
    _partner(
        "le-bus-magique",
        "Le Bus Magique",
        "host",
        "Association et péniche qui accueille la soirée ; adhésion à prix libre.",
    ),
    _partner(
        "les-assembleurs",
        "Les Assembleurs",
        "partner",
        "Hub numérique inclusif des Hauts-de-France, avec qui la Compagnie des Tiers-Lieux "
        "interroge pendant 2 jours les liens entre tiers-lieux et numérique ; leur NEC local a "
        "lieu le 30 novembre à La Plaine Image, Tourcoing.",
    ),
]

HOME = {
    "type": "home.HomePage",
    "slug": "accueil",
    "title": "En Compagnie des Tiers-Lieux",
    "children": [
        {
            "type": "home.EditionPage",
            "slug": "2021",
            "title": "En Compagnie des Tiers-Lieux 2021",
            "year": 2021,
            # The edito speaks of 2 days: the 29th here, the NEC local on the 30th.
            "start_date": date(2021, 11, 29),
            "end_date": date(2021, 11, 30),
            "city": "Lille",
            "main_venue": BAZAAR,
            "tagline": TAGLINE,
            "children": [
                {"type": "programme.EditoPage", "slug": "edito", "title": "Édito", "body": EDITO},
                {
                    "type": "programme.ProgrammeDayPage",
                    "slug": "programme-du-29-11",
                    "title": "Programme du 29/11",
                    "date": date(2021, 11, 29),
                    "intro": (
                        "L'Ouverture, la Plénière inspirante, la Table ronde ainsi que l'atelier 1 "
                        "sont disponibles ci dessous :"
                    ),
                    "children": SESSIONS,
                },
                {
                    "type": "home.ContentPage",
                    "slug": "informations-pratiques",
                    "title": "Informations pratiques",
                    "intro": "Bazaar St So, 292 rue Camille Guérin, 59000 Lille.",
                    "body": PRACTICAL_INFORMATION,
                },
                {
                    "type": "home.ContentPage",
                    "slug": "envie-daller-plus-loin",
                    "title": "Envie d’aller plus loin ?",
                    "intro": "Le NEC local des Assembleurs, le 30 novembre à La Plaine Image, Tourcoing.",
                    "body": GO_FURTHER,
                },
                {
                    "type": "partners.PartnersIndexPage",
                    "slug": "partenaires",
                    "title": "Partenaires & financeurs",
                    "children": PARTNERS,
                },
            ],
        }
    ],
}
