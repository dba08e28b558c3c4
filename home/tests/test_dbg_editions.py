from home.tests.test_editions import *  # noqa

def test_dbg(edition):
    from home.editions import language_versions
    for v in language_versions(edition["source"]):
        print(v.locale, v.home.pk, v.home.path, v.home.numchild, Page.objects.get(pk=v.home.pk).numchild, v.edition.path)
    for p in Page.objects.order_by("path"):
        print(p.pk, p.path, p.numchild, p.locale_id, p.title, p.alias_of_id)
