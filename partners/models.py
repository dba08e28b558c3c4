"""Partners and funders of an edition, grouped by tier."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

TIERS = [
    ("organiser", _("Organisateur")),
    ("host", _("Lieu d'accueil")),
    ("partner", _("Partenaire")),
    ("funder", _("Financeur")),
]


class PartnersIndexPage(Page):
    """The edition's "Partenaires & financeurs" page: lists its partner pages by tier."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.EditionPage"]
    subpage_types = ["partners.PartnerPage"]
    # One partners page per edition.
    max_count_per_parent = 1
    page_description = _("La liste des partenaires et financeurs de l'édition.")
    template = "pages/partners_index_page.html"

    class Meta:
        verbose_name = _("page des partenaires")
        verbose_name_plural = _("pages des partenaires")

    def get_tiers(self):
        """[(tier label, [partners])] in the order of TIERS, empty tiers left out."""
        partners = (
            PartnerPage.objects.child_of(self)
            .live()
            .select_related("logo")
            .prefetch_related("logo__renditions")
        )
        return [
            (label, group) for value, label in TIERS if (group := [p for p in partners if p.tier == value])
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tiers"] = self.get_tiers()
        return context


class PartnerPage(Page):
    """One organisation that organises, hosts, supports or funds the edition."""

    tier = models.CharField(_("catégorie"), max_length=20, choices=TIERS, default="partner")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Facultatif. Son texte alternatif doit être le nom de l'organisation."),
    )
    website = models.URLField(_("site web"), blank=True)
    description = RichTextField(
        _("présentation"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Quelques lignes sur l'organisation et son rôle dans l'édition."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("tier"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    override_translatable_fields = [SynchronizedField("tier", overridable=False)]

    parent_page_types = ["partners.PartnersIndexPage"]
    subpage_types = []
    page_description = _("Un partenaire ou financeur, avec son logo et son lien.")
    template = "pages/partner_page.html"

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
