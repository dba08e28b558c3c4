#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and the media files (tar.gz).
#
#   DATABASE_URL=postgres://user@host:5432/ectl MEDIA_ROOT=/srv/ectl/media scripts/backup.sh /var/backups/ectl
#
# Writes <dir>/ectl-<UTC timestamp>.dump and <dir>/ectl-<UTC timestamp>-media.tar.gz, then
# prints the two paths. Keeps the last $BACKUP_KEEP (default 14) of each, deleting older
# ones. Media on S3-compatible storage (AWS_STORAGE_BUCKET_NAME set) are not copied here:
# use the bucket's versioning or replication (docs/operations.md).
# Run it from cron on one machine only, e.g. every night at 03:15.
set -euo pipefail

dest="${1:?usage: backup.sh DESTINATION_DIRECTORY}"
: "${DATABASE_URL:?DATABASE_URL must be set}"
media_root="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
keep="${BACKUP_KEEP:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

mkdir -p "$dest"
umask 077  # the dump holds personal data

dump="$dest/ectl-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"
echo "$dump"

if [ -z "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  media="$dest/ectl-$stamp-media.tar.gz"
  if [ -d "$media_root" ]; then
    tar -czf "$media.partial" -C "$media_root" .
  else
    tar -czf "$media.partial" --files-from /dev/null
  fi
  mv "$media.partial" "$media"
  echo "$media"
fi

# Rotation: keep the newest $keep of each kind.
ls -1t "$dest"/ectl-*Z.dump 2>/dev/null | tail -n +"$((keep + 1))" | xargs -r rm --
ls -1t "$dest"/ectl-*Z-media.tar.gz 2>/dev/null | tail -n +"$((keep + 1))" | xargs -r rm --
