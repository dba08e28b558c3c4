"""Find the page for a public URL in two queries instead of two per path component.

Wagtail's ``serve`` walks the tree: the localized site root, then for each component of
``/fr/2021/programme-du-29-11/table-ronde/`` a query for the child and another for its
specific object, nine queries before the view even starts for a session page. Every
page's ``url_path`` already holds its full path, so the same answer comes from:

1. the localized root's ``url_path``, from ``Site.get_site_root_paths()`` (which Wagtail
   keeps in the cache; no query once warm);
2. one query for the pages whose ``url_path`` is the root's or one of its prefixes
   (root, ancestors, target), checked to form one parent-to-child chain;
3. one query for the target's specific object, with its locale (and whatever the page
   class lists in ``route_select_related``, e.g. ``("venue__part_of",)``) joined in.

The page it returns also carries ``routed_ancestors``: its ancestors below the tree root
(site root first, parent last), the list ``page.get_ancestors().filter(depth__gt=1)``
would give, already fetched; ``None`` when the router could not provide it. Breadcrumbs
and menus can use it instead of querying again.

``FastRouteMiddleware.process_view`` stores the result where ``Page.route_for_request``
looks for it (``request._wagtail_route_for_request``), so Wagtail's ``serve`` then runs
unchanged: privacy checks, ``before_serve_page`` hooks, ``serve()``.

Two more queries of every page are saved on the way:

- the ``Site`` of the request is memoised in the cache per host and port (Wagtail looks
  it up with a query on every request); the memo is dropped whenever a Site changes;
- the privacy check (``page.get_view_restrictions()``, two queries: ancestors, then
  restrictions) is answered with one query, from the ancestors the chain already holds.

It only answers when the result is certain to be the one Wagtail's walk would give:
exactly one chain of pages, none of whose classes overrides ``route`` (a routable page
could claim a sub-path), and a live target. Anything else (404s, a missing
translation, a routable page) falls back to Wagtail's own walk.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

STEPLEN = Page.steplen
SITES_KEY = "portal:routing:sites"
SITES_TIMEOUT = 600


def find_site(request):
    """``Site.find_for_request``, memoised per host and port in the cache.

    Not inside a transaction: there the Site may be one that a rollback will undo (tests
    run each in a transaction), and a memo of it would outlive it."""
    if hasattr(request, "_wagtail_site") or transaction.get_connection().in_atomic_block:
        return Site.find_for_request(request)
    key = f"{split_domain_port(request._get_raw_host())[0]}:{request.get_port()}"
    sites = cache.get(SITES_KEY) or {}
    if key in sites:
        request._wagtail_site = sites[key]
    else:
        sites[key] = Site.find_for_request(request)
        cache.set(SITES_KEY, sites, SITES_TIMEOUT)
    return request._wagtail_site


def _forget_sites(**kwargs):
    cache.delete(SITES_KEY)


post_save.connect(_forget_sites, sender=Site, dispatch_uid="portal.routing.site_saved")
post_delete.connect(_forget_sites, sender=Site, dispatch_uid="portal.routing.site_deleted")


def _localized_root_path(site, language):
    paths = [
        root.root_path
        for root in Site.get_site_root_paths()
        if root.site_id == site.pk and root.language_code == language
    ]
    return paths[0] if len(paths) == 1 else None


def _chain(rows, url_paths):
    """The rows ordered root → target if they form exactly one parent-child chain."""
    by_url_path = {}
    for row in rows:
        by_url_path.setdefault(row.url_path, []).append(row)
    chain = []
    for url_path in url_paths:
        candidates = by_url_path.get(url_path, [])
        if chain:
            candidates = [row for row in candidates if row.path[:-STEPLEN] == chain[-1].path]
        if len(candidates) != 1:
            return None
        chain.append(candidates[0])
    return chain


def _uses_default_route(row):
    model = ContentType.objects.get_for_id(row.content_type_id).model_class()
    return model is not None and model.route is Page.route


def fast_route(request, path):
    """A ``RouteResult`` for ``path`` (the part after the language prefix), or None to
    let Wagtail route the request itself."""
    site = find_site(request)
    if site is None:
        return None
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        return None
    root_path = _localized_root_path(site, language)
    if root_path is None:
        return None
    components = [component for component in path.split("/") if component]
    url_paths = [root_path] + [
        root_path + "/".join(components[: i + 1]) + "/" for i in range(len(components))
    ]

    rows = list(Page.objects.filter(url_path__in=["/", *url_paths]))
    chain = _chain(rows, url_paths)
    if chain is None or not chain[-1].live or not all(_uses_default_route(row) for row in chain):
        return None

    target = chain[-1]
    model = ContentType.objects.get_for_id(target.content_type_id).model_class()
    related = ("locale", *getattr(model, "route_select_related", ()))
    page = model._default_manager.select_related(*related).filter(pk=target.pk).first()
    if page is None or not page.live:
        return None
    if len(chain) > 1:
        page._cached_parent_obj = chain[-2]
    # The ancestors below the tree root, root first, as generic pages: what
    # ``page.get_ancestors().filter(depth__gt=1)`` returns, without its query.
    page.routed_ancestors = chain[:-1] if chain[0].depth == 2 else None
    tree_root = [row for row in rows if row.depth == 1 and chain[0].path.startswith(row.path)]
    if chain[0].depth == 2 and len(tree_root) == 1:  # then the chain holds every ancestor
        _bind_view_restrictions(page, [*tree_root, *chain[:-1]])
    return RouteResult(page)


def _bind_view_restrictions(page, ancestors):
    """Give ``page`` a ``get_view_restrictions()`` that reuses the ancestors already
    fetched: what Wagtail's method computes (the page and its ancestors, an alias
    standing for its source page), in one query instead of two."""
    ids = {row.alias_of_id or row.pk for row in [*ancestors, page]}

    def get_view_restrictions():
        return PageViewRestriction.objects.filter(page_id__in=ids)

    page.get_view_restrictions = get_view_restrictions


class FastRouteMiddleware:
    """Routes Wagtail page requests with ``fast_route`` before Wagtail's view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name != "wagtail_serve":
            return None
        if hasattr(request, "_wagtail_route_for_request"):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        result = fast_route(request, path)
        if result is not None:
            request._wagtail_route_for_request = result
        return None
