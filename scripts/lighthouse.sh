#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile, simulated throttling) on the home, day, session and route
# pages of the 2021 demo edition, served by gunicorn under production settings (DEBUG
# off, WhiteNoise's compressed static files) on loopback. Prints the four scores of
# each page and fails when one is below LIGHTHOUSE_MIN (0.95).
#
#   make lighthouse                         # or: bash scripts/lighthouse.sh
#   LIGHTHOUSE_PORT=8106 LIGHTHOUSE_DATABASE_URL=sqlite:////tmp/x.sqlite3 bash scripts/lighthouse.sh
#
# Installs lighthouse and vnu-jar into node_modules (package.json) on first use. Uses its
# own database (SQLite by default), built with migrate + load_demo, and points the site
# at 127.0.0.1:PORT so that canonical and hreflang addresses are the ones served.
# Reports (JSON) go to LIGHTHOUSE_OUT (default: /tmp/lighthouse-ectl).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${LIGHTHOUSE_PORT:-8106}"
DB="${LIGHTHOUSE_DATABASE_URL:-sqlite:////tmp/ectl-lighthouse.sqlite3}"
OUT="${LIGHTHOUSE_OUT:-/tmp/lighthouse-ectl}"
MIN="${LIGHTHOUSE_MIN:-0.95}"
CHROME="${CHROME_PATH:-/usr/bin/chromium}"
PY=.venv/bin/python
mkdir -p "$OUT"

if [ ! -x node_modules/.bin/lighthouse ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
[ -x "$CHROME" ] || { echo "Chromium not found at $CHROME (apt-get install -y chromium)" >&2; exit 1; }

export DJANGO_SETTINGS_MODULE=portal.settings.production
export DATABASE_URL="$DB"
export SECRET_KEY="lighthouse-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 PAGE_CACHE=false LOG_LEVEL=WARNING
unset REDIS_URL

echo "Preparing the demo site ($DB)..." >&2
$PY manage.py migrate --no-input -v 0
$PY manage.py load_demo --if-empty -v 0 >/dev/null
$PY manage.py collectstatic --no-input -v 0
URLS=$($PY manage.py shell -v 0 -c "
from wagtail.models import Site
from programme.models import ProgrammeDayPage, RoutePage, WorkshopPage
Site.objects.filter(is_default_site=True).update(hostname='127.0.0.1', port=$PORT)
day = ProgrammeDayPage.objects.live().filter(locale__language_code='fr').order_by('date').first()
session = WorkshopPage.objects.child_of(day).live().filter(format='round_table').first() or WorkshopPage.objects.child_of(day).live().first()
route = RoutePage.objects.child_of(day).live().first()
for name, page in (('home', day.get_parent().get_parent()), ('day', day), ('session', session), ('route', route)):
    print(name, page.url)
")

.venv/bin/gunicorn portal.wsgi:application --config deploy/gunicorn.conf.py --workers 2 \
  --bind "127.0.0.1:$PORT" >"$OUT/gunicorn.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/" && break
  sleep 1
done

FLAGS="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run"
status=0
printf '%-8s %-12s %-14s %-15s %-5s  %s\n' page performance accessibility best-practices seo url
while read -r name path; do
  url="http://127.0.0.1:$PORT$path"
  curl -sf -o /dev/null "$url"  # warm the process
  # A loaded machine sometimes loses the trace (NO_NAVSTART): try again, at most 3 times.
  ok=0
  for _attempt in 1 2 3; do
    if CHROME_PATH="$CHROME" node_modules/.bin/lighthouse "$url" --quiet \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="$FLAGS" --output=json --output-path="$OUT/$name.json"; then
      ok=1
      break
    fi
  done
  [ "$ok" = 1 ] || { echo "$name: lighthouse failed" >&2; status=1; continue; }
  $PY - "$OUT/$name.json" "$name" "$url" "$MIN" <<'PYEOF' || status=1
import json, sys
report = json.load(open(sys.argv[1]))
scores = [report["categories"][c]["score"] for c in ("performance", "accessibility", "best-practices", "seo")]
print(f"{sys.argv[2]:<8} {scores[0]:<12} {scores[1]:<14} {scores[2]:<15} {scores[3]:<5}  {sys.argv[3]}")
failed = [
    f"  {audit['id']}: {audit['title']} ({audit['score']})"
    for audit in report["audits"].values()
    if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
]
if any(s is None or s < float(sys.argv[4]) for s in scores):
    print("\n".join(failed[:15]))
    sys.exit(1)
PYEOF
done <<<"$URLS"
exit $status
