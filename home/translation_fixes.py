"""Work around a wagtail-localize bug that hides translated subpages (issue #773, open in
1.14.5), in one place for the whole site.

"Traduire cette page" with "Inclure les sous-pages" (and any code that translates a page
and then its children in one transaction) saves the translated parent, creates its
children, and only then, in ``transaction.on_commit``, publishes the parent from the
object it saved earlier. That object still says ``numchild=0``, and publishing writes it
back: the children exist but the parent claims none, so they vanish from the admin's
page explorer and from the site (404), and treebeard would place a new child on top of
an existing one.

- ``repair_numchild(page)`` counts a page's children by path and corrects ``numchild``.
- ``repair_numchild_after_publish`` does it after every publication (connected in
  HomeConfig.ready): one COUNT query per publication.
- ``save_translation(translation)`` saves a translated page without the on-commit
  publication, then publishes a revision read back from the database, at once.
"""

from wagtail.models import Page


def repair_numchild(page):
    """Make ``page.numchild`` (in the database and on the object) its real number of
    children, counted by path."""
    actual = Page.objects.child_of(page).count()
    if page.numchild != actual:
        Page.objects.filter(pk=page.pk).update(numchild=actual)
        page.numchild = actual


def repair_numchild_after_publish(sender, instance, **kwargs):
    repair_numchild(instance)


def save_translation(translation, *, publish=True, user=None):
    """Create or update the translated page of a wagtail-localize ``Translation`` and,
    with ``publish``, publish it now, parents first when called parents first.

    ``save_target(publish=True)`` would publish in ``transaction.on_commit()`` from the
    page object it saved, whose ``numchild`` is stale once its translated children exist.
    Here a draft is saved, then its latest revision is published from the page as the
    database has it."""
    translation.save_target(user=user, publish=False)
    if publish:
        page = translation.source.get_translated_instance(translation.target_locale)
        page.get_latest_revision().publish(user=user)
