"""scripts/backup.sh and scripts/restore.sh: a backup restores into a throwaway
PostgreSQL database with the same content, and the media come back byte for byte."""

import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from home.factories import EditionPageFactory

BASE_DIR = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def database_url(name):
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def admin_execute(statement):
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(statement)
    admin.close()


def run(script, *args, **env):
    return subprocess.run(  # noqa: S603
        [str(BASE_DIR / "scripts" / script), *map(str, args)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def snapshot(url):
    with psycopg2.connect(url) as restored, restored.cursor() as cursor:
        cursor.execute("SELECT id, path, url_path, title, live FROM wagtailcore_page ORDER BY id")
        pages = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM django_migrations")
        migrations = cursor.fetchone()[0]
    return pages, migrations


@pytest.fixture
def throwaway_database():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    name = connection.settings_dict["NAME"] + "_restore"
    identifier = sql.Identifier(name).as_string(connection.cursor().cursor)
    admin_execute(f"DROP DATABASE IF EXISTS {identifier}")
    admin_execute(f"CREATE DATABASE {identifier}")
    yield database_url(name)
    admin_execute(f"DROP DATABASE IF EXISTS {identifier} WITH (FORCE)")


def test_backup_then_restore_gives_back_the_database_and_the_media(site_tree, tmp_path, throwaway_database):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    EditionPageFactory(parent=site_tree.home, year=2021, title="Édition 2021")
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "halles.jpg").write_bytes(os.urandom(4096))
    source_url = database_url(connection.settings_dict["NAME"])

    output = run("backup.sh", tmp_path / "backups", DATABASE_URL=source_url, MEDIA_ROOT=str(media)).stdout
    dump, archive = output.split()
    assert dump.endswith(".dump") and archive.endswith("-media.tar.gz")

    restored_media = tmp_path / "restored-media"
    run("restore.sh", dump, archive, DATABASE_URL=throwaway_database, MEDIA_ROOT=str(restored_media))
    assert snapshot(throwaway_database) == snapshot(source_url)
    assert any(title == "Édition 2021" for _, _, _, title, _ in snapshot(throwaway_database)[0])
    assert (restored_media / "images" / "halles.jpg").read_bytes() == (
        media / "images" / "halles.jpg"
    ).read_bytes()

    # Restoring again over a live database replaces it cleanly.
    run("restore.sh", dump, DATABASE_URL=throwaway_database)
    assert snapshot(throwaway_database) == snapshot(source_url)


def test_backups_are_rotated(site_tree, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    url = database_url(connection.settings_dict["NAME"])
    backups = tmp_path / "backups"
    for stamp in ["20200101T000000Z", "20200102T000000Z", "20200103T000000Z"]:
        backups.mkdir(exist_ok=True)
        (backups / f"ectl-{stamp}.dump").write_text("old")
        os.utime(backups / f"ectl-{stamp}.dump", (0, int(stamp[:8])))
    run("backup.sh", backups, DATABASE_URL=url, MEDIA_ROOT=str(tmp_path / "none"), BACKUP_KEEP="2")
    assert len(list(backups.glob("ectl-*.dump"))) == 2
    assert len(list(backups.glob("ectl-*-media.tar.gz"))) == 1
