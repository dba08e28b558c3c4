"""Admin panels of the programme's snippets.

``VenuePositionPanel`` shows a venue's latitude and longitude fields above a small map:
a click (or a tap) on the map places the venue, the marker can be dragged, and typing the
numbers still works. No address lookup, so no outside service is called while editing;
only the map tiles come from the tile server of ``MAP_TILE_URL`` (the same as the
public route maps). Without tiles (offline, blocked) the map is blank but still
clickable, and the fields remain the way to enter a position.
"""

from django import forms
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel

# Where the map opens when the venue has no position yet: Lille, where the gathering
# began. MAP_DEFAULT_CENTER = (latitude, longitude, zoom) overrides it.
DEFAULT_CENTER = (50.6292, 3.0573, 12)


class VenuePositionPanel(FieldRowPanel):
    """Latitude and longitude side by side, with a map to set them by clicking."""

    def __init__(self, children=(), *args, latitude="latitude", longitude="longitude", **kwargs):
        self.latitude_field = latitude
        self.longitude_field = longitude
        super().__init__(children, *args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(latitude=self.latitude_field, longitude=self.longitude_field)
        return kwargs

    class BoundPanel(FieldRowPanel.BoundPanel):
        template_name = "programme/admin/venue_position_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            latitude, longitude, zoom = getattr(settings, "MAP_DEFAULT_CENTER", DEFAULT_CENTER)
            context["map"] = {
                "latitude_id": self.form[self.panel.latitude_field].id_for_label,
                "longitude_id": self.form[self.panel.longitude_field].id_for_label,
                "tile_url": getattr(settings, "MAP_TILE_URL", ""),
                "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
                "center": f"{latitude},{longitude},{zoom}",
                "label": _("Carte : cliquez pour placer le lieu, ou faites glisser le repère."),
            }
            return context

        @property
        def media(self):
            return super().media + forms.Media(
                css={"all": [static("vendor/leaflet/leaflet.css"), static("css/venue-position.css")]},
                js=[static("vendor/leaflet/leaflet.js"), static("js/venue-position.js")],
            )
