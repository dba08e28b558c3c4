from home.tests.test_i18n import *  # noqa
from home.tests.test_i18n import demo_database, demo  # noqa


def test_dbg(demo, client):
    from collections import Counter
    for code in ("fr", "en"):
        prefix = f"/{code}/"
        seen, queue, statuses = {}, [(prefix, None)], {}
        while queue:
            path, origin = queue.pop(0)
            if path in seen:
                continue
            r = client.get(path)
            seen[path] = r.status_code
            if r.status_code != 200:
                print(code, r.status_code, path, "from", origin)
                continue
            p = parse(r)
            for href in p.links:
                url = urlparse(urljoin(path, href))
                if url.netloc in ("", "localhost", "testserver") and url.path.startswith(prefix):
                    queue.append((url.path, path))
        print(code, len(seen), sorted(p for p in seen if "inscri" in p or "regist" in p)[:5])
