"""Production settings and the security layer: deploy checks, headers, health, login
lockout, logs, static files."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import RequestFactory

from portal.logging import JSONFormatter
from portal.middleware import content_security_policy

BASE_DIR = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    """manage.py under production settings, with none of this process's Django variables
    (the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would fail the deploy check)."""
    inherited = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "REDIS_URL",
        "PAGE_CACHE",
        "SECURE_SSL_REDIRECT",
        "DATABASE_URL",
    }
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in inherited and not key.startswith("DJANGO_")
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production", **env})
    environment.setdefault("DATABASE_URL", "sqlite:///:memory:")
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**extra):
    return {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "tiers-lieux.example.org", **extra}


# --- Settings ------------------------------------------------------------------------


@pytest.mark.parametrize("redis", ["", "redis://127.0.0.1:6379/9"], ids=["locmem", "redis"])
def test_check_deploy_is_clean_under_production_settings(redis):
    env = production_env(**({"REDIS_URL": redis} if redis else {}))
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = production_env()
    del env[missing]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_refuses_a_plain_http_base_url():
    result = run_manage("check", **production_env(WAGTAILADMIN_BASE_URL="http://tiers-lieux.example.org"))
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must start with https://" in result.stderr


def test_production_settings_values():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps({"
        "'debug': s.DEBUG, 'page_cache': s.PAGE_CACHE, 'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'],"
        "'health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        "'redis_ignore': s.CACHES['default'].get('OPTIONS', {}).get('IGNORE_EXCEPTIONS'),"
        "'formatter': s.LOGGING['formatters']['json']['()'], 'proxy': list(s.SECURE_PROXY_SSL_HEADER),"
        "'log_filters': s.LOGGING['handlers']['stdout']['filters'], 'base_url': s.WAGTAILADMIN_BASE_URL}))"
    )
    without = run_manage("shell", "--no-imports", "-c", code, **production_env())
    with_redis = run_manage(
        "shell", "--no-imports", "-c", code, **production_env(REDIS_URL="redis://127.0.0.1:6379/9")
    )
    assert without.returncode == 0, without.stderr
    plain, redis = json.loads(without.stdout), json.loads(with_redis.stdout)

    assert plain["debug"] is False
    assert plain["page_cache"] is False  # local memory is per process: no shared invalidation
    assert redis["page_cache"] is True and redis["redis_ignore"] is True
    assert plain["conn_max_age"] == 60 and plain["health_checks"] is True
    assert plain["formatter"] == "portal.logging.JSONFormatter"
    assert plain["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert plain["log_filters"] == ["mask_tokens"]  # no personal token in the logs
    assert plain["base_url"] == "https://tiers-lieux.example.org"  # links in e-mails


# --- Security headers ---------------------------------------------------------------

SECURITY_HEADERS = (
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.mark.parametrize("url", ["/fr/", "/en/", "/fr/nulle-part/", "/bench/baseline/", "/health/"])
def test_public_responses_carry_every_security_header(client, site_tree, url):
    response = client.get(url)
    assert response.status_code < 500
    for header in SECURITY_HEADERS:
        assert header in response, header
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "object-src 'none'" in csp


def test_the_admin_gets_no_csp_but_every_other_header(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    for header in SECURITY_HEADERS:
        assert header in response, header


def test_csp_adds_the_media_origin_and_upgrades_requests(settings):
    settings.CSP_EXTRA_SOURCES = {"img-src": ["https://media.example.org"]}
    settings.CSP_UPGRADE_INSECURE_REQUESTS = True
    policy = content_security_policy()
    assert "img-src 'self' data: https://*.tile.openstreetmap.org https://media.example.org" in policy
    assert policy.endswith("; upgrade-insecure-requests")


def test_https_redirect_and_hsts_behind_the_proxy(client, settings, site_tree):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    plain = client.get("/fr/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    proxied = client.get("/fr/", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/health/").status_code == 200  # load balancer probe over HTTP


# --- Health -------------------------------------------------------------------------


def test_health_is_ok(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_any_host_name(client, db):
    """Load balancers probe a server by its own address, not by the site's name."""
    assert client.get("/health/", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/fr/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_health_is_503_when_the_database_is_down(client, db, monkeypatch):
    from portal import views

    class DownDatabase:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", DownDatabase())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_health_reports_a_cache_failure_as_degraded(client, db, monkeypatch):
    from portal import views

    monkeypatch.setattr(views.cache, "get", lambda *args, **kwargs: None)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error"}
    assert client.get("/health/?strict=1").status_code == 503


# --- Login lockout (django-axes, every login form) ----------------------------------

ADMIN_LOGIN = "/admin/login/"
FRONT_LOGINS = ["/fr/_util/login/", "/en/_util/login/"]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "camille", password="correct horse battery", is_superuser=True
    )


def login(client, username, password, ip="203.0.113.7", url=ADMIN_LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def assert_locked(response, client):
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert response["Cache-Control"] == "no-store"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("failing_on", [ADMIN_LOGIN, *FRONT_LOGINS])
def test_after_five_failures_on_any_login_form_every_login_form_refuses_the_right_password(
    client, editor, site_tree, failing_on
):
    for _ in range(4):
        assert login(client, "camille", "wrong", url=failing_on).status_code == 200  # the form again
    assert_locked(login(client, "camille", "wrong", url=failing_on), client)  # the fifth failure

    for url in [ADMIN_LOGIN, *FRONT_LOGINS]:
        assert_locked(login(client, "camille", "correct horse battery", url=url), client)
    # No session from the front-end login opens the admin during the lockout.
    admin = client.get("/admin/", REMOTE_ADDR="203.0.113.7")
    assert admin.status_code == 302 and admin["Location"].startswith(ADMIN_LOGIN)

    # The editor can still sign in from another address, on either form.
    assert (
        login(client, "camille", "correct horse battery", ip="198.51.100.2", url=FRONT_LOGINS[0]).status_code
        == 302
    )
    assert client.get("/admin/").status_code == 200


def test_the_lockout_page_is_in_the_visitors_language(client, editor, site_tree):
    for _ in range(5):
        login(client, "camille", "wrong", url="/fr/_util/login/")
    french = login(client, "camille", "x", url="/fr/_util/login/")
    assert "Trop de tentatives de connexion. Réessayez dans 15 minutes." in french.content.decode()
    english = login(client, "camille", "x", url="/en/_util/login/")
    assert "Too many login attempts. Try again in 15 minutes." in english.content.decode()


def test_a_successful_login_clears_the_failures(client, editor):
    for _ in range(4):
        login(client, "camille", "wrong")
    assert login(client, "camille", "correct horse battery").status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "camille", "wrong").status_code == 200
    assert login(client, "camille", "correct horse battery").status_code == 302


def test_another_user_name_from_the_same_address_is_not_locked(client, editor):
    get_user_model().objects.create_user("dominique", password="another long secret")
    for _ in range(5):
        login(client, "camille", "wrong")
    assert login(client, "dominique", "another long secret", url="/fr/_util/login/").status_code == 302


def test_lockout_counts_the_client_behind_trusted_proxies_only(client, editor, settings, site_tree):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        # A forged left-most entry changes nothing: the proxy's own entry is used.
        login(client, "camille", "wrong", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.9")
    locked = login(
        client, "camille", "x", ip="10.0.0.1", url="/fr/_util/login/", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert locked.status_code == 429
    assert (
        login(client, "camille", "x", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200
    )


# --- Logs ---------------------------------------------------------------------------


def test_json_log_lines_carry_extras_and_the_request():
    record = logging.LogRecord("portal.security", logging.WARNING, __file__, 1, "login %s", ("failed",), None)
    record.client_ip = "203.0.113.7"
    record.request = RequestFactory().get("/admin/login/")
    record.status_code = 403
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "login failed"
    assert line["level"] == "WARNING" and line["logger"] == "portal.security"
    assert line["client_ip"] == "203.0.113.7" and line["status_code"] == 403
    assert line["method"] == "GET" and line["path"] == "/admin/login/"
    assert line["time"].endswith("+00:00")


def test_json_log_lines_include_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = json.loads(JSONFormatter().format(record))
    assert "ValueError: boom" in line["exc_info"]


# --- Static files -------------------------------------------------------------------


def test_hashed_static_files_are_compressed_and_cached_for_a_year(settings, tmp_path):
    from django.core.management import call_command
    from whitenoise.middleware import WhiteNoiseMiddleware

    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: #222; }\n" * 200)
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    from django.templatetags.static import static

    url = static("css/site.css")
    assert url != "/static/css/site.css"  # hashed name
    middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
