"""An edition's "Replays" page: the sessions whose content has a video, in programme
order, each with its videos' titles and durations (the players are on the sessions'
pages, loaded on demand: home/videos.py).

A route of ``EditionPage`` (``ReplaysMixin``: ``…/replays/`` in both languages). The
edition asks its days for ``replay_sessions()`` (the programme app implements it): this
module knows no session model.
"""

from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.routes import route_suffix

REPLAYS = pgettext_lazy("URL segment", "replays")


class ReplaysMixin(RoutablePageMixin):
    def replays_url(self, request=None):
        url = self.get_url(request)
        if not url:
            return ""
        with translation.override(self.locale.language_code):
            return url + self.reverse_subpage("replays")

    def replay_days(self):
        """[(day, sessions)] of the days that have replays, by date."""
        days, _others = self.get_children_to_list()
        found = [(day, day.replay_sessions()) for day in days if hasattr(day, "replay_sessions")]
        return [(day, sessions) for day, sessions in found if sessions]

    @path(format_lazy("{}/", REPLAYS), name="replays")
    def replays_route(self, request):
        return replays_response(request, self)


@require_safe
def replays_response(request, edition):
    context = {
        "page": edition,
        "edition": edition,
        "replay_days": edition.replay_days(),
        "page_url_suffix": route_suffix(edition, request),
    }
    return TemplateResponse(request, "home/replays.html", context)
