"""What the partners app tells the other apps, through Wagtail hooks."""

from wagtail import hooks

from partners.models import PartnerPage


@hooks.register("event_organisers")
def organiser_partners(edition):
    """The edition's partner pages of the tier "organiser", as schema.org organisations
    (programme/seo.py asks for them when it describes an event)."""
    return [
        {
            "@type": "Organization",
            "name": partner.title,
            **({"url": partner.website} if partner.website else {}),
        }
        for partner in PartnerPage.objects.descendant_of(edition)
        .live()
        .filter(tier="organiser")
        .order_by("path")
    ]
