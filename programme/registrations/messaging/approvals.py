"""A moderator who approves a session through the moderation workflow is told, like an
editor who publishes it, how many registrants the change notice concerns.

Wagtail runs ``after_publish_page`` (``hooks.tell_the_publisher``) only for its edit
view's "Publish" button. An approval publishes from ``WorkflowState.finish`` (the
dashboard's "Approuver", the edit view's workflow action), which sends
``workflow_approved`` with the user but no request. So the middleware opens a list per
request, the receiver adds the approved page to it, and once the view has answered the
middleware gives the same message for each page (MessageMiddleware, listed before it,
stores it on the way out). Outside a request (a script, the worker) nothing is said."""

from contextvars import ContextVar

from wagtail.models import Page

from .hooks import tell_the_publisher

_approved = ContextVar("registrations_approved_pages", default=None)


def remember_approval(sender, instance, **kwargs):
    """``workflow_approved``: note the page for the request that approved it."""
    pages = _approved.get()
    page = instance.content_object
    if pages is not None and isinstance(page, Page):  # a snippet's workflow: nothing to say
        pages.append(page)


class ApprovalMessagesMiddleware:
    """Says to whoever approved a session in this request what ``tell_the_publisher``
    says to whoever publishes one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _approved.set([])
        try:
            response = self.get_response(request)
            pages = _approved.get()
        finally:
            _approved.reset(token)
        for page in pages:
            tell_the_publisher(request, page)
        return response
