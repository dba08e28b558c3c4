"""A day's programme seen room by room: what is on the door of each room, in order.

A session's room is its venue (a room of the main venue, or any place); a route is
listed at its meeting venue. Sessions without a venue share one group, "other places",
shown last. Rooms come in the order of their first session of the day. A room's slug is
made from its name and building, which are the same in every language (the venue's name
is synchronised), so ``…/par-salle/halle-basse-2-bazaar-st-so/`` names the same room in
French and English.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

OTHER_PLACES_SLUG = "autres-lieux"


@dataclass
class Room:
    slug: str
    name: str
    address: str = ""
    venue: object = None
    sessions: list = field(default_factory=list)

    @property
    def is_other_places(self):
        return self.venue is None


def room_slug(venue):
    return slugify(venue.label) or f"lieu-{venue.pk}"


def day_rooms(day):
    """[Room] for the live sessions of ``day`` (a ProgrammeDayPage), each room's
    sessions in the day's order. The day's own queries, nothing per session."""
    rooms, other = {}, Room(slug=OTHER_PLACES_SLUG, name=str(_("Autres lieux")))
    for session in day.get_sessions():
        venue = session.venue
        if venue is None:
            other.sessions.append(session)
            continue
        slug = room_slug(venue)
        if slug not in rooms:
            rooms[slug] = Room(slug=slug, name=venue.label, address=venue.postal_address, venue=venue)
        rooms[slug].sessions.append(session)
    result = list(rooms.values())
    if other.sessions:
        result.append(other)
    return result
