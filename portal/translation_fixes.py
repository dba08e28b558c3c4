"""Work around a wagtail-localize bug that hides translated subpages.

"Traduire cette page" with "Inclure les sous-pages" (and any code that translates a page
and then its children in one transaction) saves the translated parent, creates its
children, and only then, in ``transaction.on_commit``, publishes the parent from the
object it saved earlier. That object still says ``numchild=0``, and publishing writes it
back: the children exist but the parent claims none, so they vanish from the admin's
page explorer and from the site (404). wagtail-localize issue #773, open in 1.14.5.

After a page is published, its ``numchild`` is checked against its real children and
corrected if needed: one COUNT query per publication.
"""

from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published


@receiver(page_published, dispatch_uid="portal.repair_numchild_after_publish")
def repair_numchild_after_publish(sender, instance, **kwargs):
    children = Page.objects.filter(path__startswith=instance.path, depth=instance.depth + 1).count()
    if children != instance.numchild:
        Page.objects.filter(pk=instance.pk).update(numchild=children)
        instance.numchild = children
