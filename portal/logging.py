"""Structured logs: one JSON object per line on standard output.

Each line has ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``, then any
``extra`` fields the call passed (``status_code``, ``client_ip``…), the request's
method and path when Django attached the request, and ``exc_info`` as a string. Log
collectors (journald, Docker, Loki, CloudWatch…) read it without a parsing rule.

No line shows a personal link's token: ``MaskTokensFilter`` (on the handlers of both
LOGGING configurations) and the JSON formatter write ``/inscriptions/moi/<masked>/``,
and gunicorn's access log does the same (deploy/gunicorn.conf.py). Whoever reads the logs
must not be able to open, cancel or delete someone's registrations.
"""

import json
import logging
import re
from datetime import UTC, datetime

# /fr/inscriptions/moi/<token>/..., percent-encoded or not, in any text.
PERSONAL_TOKEN = re.compile(r"(/inscriptions/moi/)[^/?#\s\"']+")
MASK = r"\1<masked>"


def mask_tokens(text):
    """``text`` with every personal link's token replaced by ``<masked>``."""
    return PERSONAL_TOKEN.sub(MASK, text) if isinstance(text, str) else text


class MaskTokensFilter(logging.Filter):
    """Masks personal tokens in a record's message (``django.request``'s "Not Found:
    /fr/inscriptions/moi/…/" warnings, anything else that logs a path)."""

    def filter(self, record):
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


# Attributes every LogRecord has; anything else was passed through ``extra``.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_tokens(record.getMessage()),
        }
        for name, value in record.__dict__.items():
            if name in _STANDARD or name.startswith("_"):
                continue
            if name == "request":
                entry["method"] = getattr(value, "method", None)
                entry["path"] = mask_tokens(getattr(value, "path", None))
                continue
            entry[name] = mask_tokens(
                value if isinstance(value, str | int | float | bool | None) else repr(value)
            )
        if record.exc_info:
            entry["exc_info"] = mask_tokens(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
