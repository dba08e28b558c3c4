"""gunicorn configuration for every app server: ``gunicorn -c deploy/gunicorn.conf.py portal.wsgi``.

Everything can be overridden from the environment (or on the command line):

- ``PORT`` / ``GUNICORN_BIND``: where to listen (default 0.0.0.0:8000, behind the proxy);
- ``WEB_CONCURRENCY``: worker processes (default 2 per core + 1);
- ``GUNICORN_TIMEOUT``: seconds before a stuck worker is killed and replaced (30);
- ``FORWARDED_ALLOW_IPS``: addresses of the proxies allowed to set X-Forwarded-*;
- ``GUNICORN_ACCESS_LOG``: ``-`` (stdout, the default) or empty to disable.

Sync workers: pages render in a few milliseconds and the slow clients are buffered by the
reverse proxy (nginx, the load balancer), which is what sync workers need.
"""

import json
import multiprocessing
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from gunicorn.glogging import Logger

# gunicorn reads this file before it puts the working directory on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from portal.logging import MaskTokensFilter, mask_tokens

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then: bounds the effect of any slow leak.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the application before forking: smaller memory footprint, faster worker restarts.
preload_app = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


class JSONAccessLogger(Logger):
    """One JSON object per request, like the application's logs (portal/logging.py), with
    the personal links' tokens masked (``/inscriptions/moi/<masked>/``)."""

    def setup(self, cfg):
        super().setup(cfg)
        # gunicorn's own errors name the request ("Error handling request /fr/…").
        for handler in self.error_log.handlers:
            handler.addFilter(MaskTokensFilter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote_addr": atoms["h"],
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
            "method": atoms["m"],
            "path": mask_tokens(atoms["U"]),
            "query": mask_tokens(atoms["q"]),
            "status": atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "user_agent": atoms["a"],
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))


logger_class = JSONAccessLogger


def post_fork(server, worker):
    # Connections opened before the fork (preload) must not be shared between workers.
    from django.db import connections

    connections.close_all()
