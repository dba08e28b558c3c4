#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into DATABASE_URL (and MEDIA_ROOT).
#
#   DATABASE_URL=postgres://user@host:5432/ectl MEDIA_ROOT=/srv/ectl/media \
#     scripts/restore.sh /var/backups/ectl/ectl-20211129T031500Z.dump [media.tar.gz]
#
# The database must exist (createdb it first for a new server). Every object of the
# dump is dropped and recreated (--clean --if-exists) in one transaction: a failed
# restore leaves the database as it was. The media archive, when given, is unpacked
# into MEDIA_ROOT (existing files of the same name are replaced). Stop the app servers
# (or put them in maintenance) first, then run `manage.py migrate` in case the code is
# newer than the backup, and clear the cache (redis-cli FLUSHDB, or restart Redis).
set -euo pipefail

dump="${1:?usage: restore.sh DUMP [MEDIA_ARCHIVE]}"
media="${2:-}"
: "${DATABASE_URL:?DATABASE_URL must be set}"
media_root="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$dump"
echo "database restored from $dump"

if [ -n "$media" ]; then
  mkdir -p "$media_root"
  tar -xzf "$media" -C "$media_root"
  echo "media restored into $media_root"
fi
