"""StreamField blocks shared by every page type.

Each block sets its icon, template, description and a preview value so that editors see
what it does in the block chooser. Display logic lives on StructValue classes.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Locale

from home.videos import duration_label, embed_for


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["h2", "h3", "bold", "italic", "link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraphe")
        template = "blocks/paragraph_block.html"
        description = _("Texte courant, avec intertitres, listes et liens.")
        preview_value = "<p>Rencontrer les acteurs qui font le territoire, visiter des lieux inspirants.</p>"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        template = "blocks/heading_block.html"
        description = _("Un titre qui découpe la page en sections.")
        preview_value = {"text": "Programme du 29/11", "level": "h2"}


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure_block.html"
        description = _("Une image avec son texte alternatif et une légende facultative.")

    def get_preview_value(self):
        """The newest image of the library, so that the preview needs no network; with an
        empty library the preview shows the caption alone."""
        image = get_image_model().objects.order_by("-created_at").first()
        if image is not None:
            image.contextual_alt_text = image.default_alt_text or image.title
            image.decorative = False
        return self.normalize({"image": image, "caption": "Les Halles du Bazaar St So, Lille"})


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Auteur ou autrice"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote_block.html"
        description = _("Une phrase mise en valeur, avec son auteur.")
        preview_value = {
            "quote": "Le dernier visage ami avant un formulaire « fatal ».",
            "attribution": "Benjamin Bayart",
        }


class VideoValue(blocks.StructValue):
    """What the video's template shows: the privacy-enhanced player (home/videos.py) and
    the duration as people read it."""

    @property
    def embed(self):
        video = self.get("video")
        return embed_for(getattr(video, "url", video))

    @property
    def url(self):
        video = self.get("video")
        return getattr(video, "url", video) or ""

    @property
    def duration_text(self):
        return duration_label(self.get("duration"))


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Adresse de la vidéo"),
        help_text=_("Lien vers la vidéo (PeerTube, YouTube, Vimeo…), par exemple le replay d'une séance."),
    )
    title = blocks.CharBlock(
        label=_("Titre de la vidéo"),
        max_length=200,
        help_text=_("Décrit la vidéo pour les lecteurs d'écran, par exemple « Replay de la plénière »."),
    )
    duration = blocks.IntegerBlock(
        label=_("Durée (minutes)"),
        required=False,
        min_value=1,
        max_value=1440,
        help_text=_("Facultatif : affichée avant que le visiteur lance la vidéo."),
    )
    documents = blocks.ListBlock(
        DocumentChooserBlock(label=_("Document")),
        label=_("Diaporama et documents"),
        default=[],
        help_text=_("Facultatif : le diaporama ou les documents de la séance, proposés à côté de la vidéo."),
    )

    class Meta:
        icon = "media"
        label = _("Vidéo (replay)")
        template = "blocks/video_block.html"
        description = _("Une vidéo intégrée, par exemple l'enregistrement d'une séance.")
        # A still frame with the title: a real embed would fetch the video's provider.
        preview_template = "portal/admin/video_block_preview.html"
        preview_value = {"video": None, "title": "Replay de la plénière « Tiers-lieux et territoires »"}
        value_class = VideoValue


class MenuBlock(blocks.StructBlock):
    """One formula of a meal: the seed's lunch offers three."""

    name = blocks.CharBlock(label=_("Formule"), max_length=120)
    dish = blocks.CharBlock(label=_("Plat"), max_length=300)
    dessert = blocks.CharBlock(label=_("Dessert"), max_length=200, required=False)
    drink = blocks.CharBlock(label=_("Boisson"), max_length=200, required=False)

    class Meta:
        icon = "list-ul"
        label = _("Menu")
        template = "blocks/menu_block.html"
        description = _("Une formule de repas : plat, dessert et boisson.")
        preview_value = {
            "name": "Formule Lasagnes végétariennes",
            "dish": "Lasagne de Butternut",
            "dessert": "Part de tarte au chocolat",
            "drink": "Limonade",
        }


class LinkStructValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.localized.url
        return self.get("external_url")

    def is_external(self):
        return not self.get("page") and bool(self.get("external_url"))


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    external_url = blocks.URLBlock(label=_("Ou adresse externe"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("external_url")):
            message = _("Choisissez soit une page du site, soit une adresse externe.")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message)},
            )
        return value

    class Meta:
        icon = "link"
        label = _("Bouton d'action")
        template = "blocks/call_to_action_block.html"
        description = _("Un lien mis en avant, vers une page du site ou un autre site.")
        value_class = LinkStructValue
        preview_value = {"text": "En savoir plus", "external_url": "https://example.org/"}


class PartnerLogosValue(blocks.StructValue):
    def shown_partners(self):
        """The chosen partners in the visitor's language (the chosen page itself when it
        has no translation yet), live ones only, with their logos: two or three queries
        whatever their number."""
        chosen = [page for page in self.get("partners") or [] if page is not None]
        if not chosen:
            return []
        locale = Locale.get_active()
        translated = {
            page.translation_key: page
            for page in self.block.partner_model()
            .objects.live()
            .filter(translation_key__in=[page.translation_key for page in chosen], locale=locale)
            .select_related("logo")
            .prefetch_related("logo__renditions")
        }
        shown = []
        for page in chosen:
            page = translated.get(page.translation_key, page)
            if page.live and page not in shown:
                shown.append(page)
        return shown


class PartnerLogosBlock(blocks.StructBlock):
    """Logos of partners chosen among the edition's partner pages: their name, logo and
    link are written once, on the partner page."""

    heading = blocks.CharBlock(
        label=_("Titre"),
        required=False,
        max_length=120,
        help_text=_("Facultatif, par exemple « Avec le soutien de »."),
    )
    partners = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="partners.PartnerPage", label=_("Partenaire")),
        label=_("Partenaires"),
        min_num=1,
        help_text=_(
            "Choisissez les partenaires dans la page « Partenaires » de l'édition, dans l'ordre d'affichage."
        ),
    )

    class Meta:
        icon = "group"
        label = _("Logos des partenaires")
        template = "blocks/partner_logos_block.html"
        description = _("Une rangée de logos de partenaires, chacun menant à sa page.")
        value_class = PartnerLogosValue

    def partner_model(self):
        """The partner page model, as its chooser names it: the base layer does not import
        the partners app."""
        return self.child_blocks["partners"].child_block.target_model

    def get_preview_value(self):
        """Up to six partners of the site, those with a logo first; none on an empty site."""
        partners = self.partner_model().objects.live().order_by("logo_id", "path")[:6]
        partners = sorted(partners, key=lambda page: page.logo_id is None)
        return self.normalize({"heading": "Avec le soutien de", "partners": partners})


class BodyBlock(blocks.StreamBlock):
    """The rich content of every editorial page."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    figure = FigureBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    call_to_action = CallToActionBlock()
    partner_logos = PartnerLogosBlock()

    class Meta:
        block_counts = {}


class SessionBodyBlock(BodyBlock):
    """Session pages also offer meal menus."""

    menu = MenuBlock()
