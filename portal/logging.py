"""Structured logs: one JSON object per line on standard output.

Each line has ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``, then any
``extra`` fields the call passed (``status_code``, ``client_ip``…), the request's
method and path when Django attached the request, and ``exc_info`` as a string. Log
collectors (journald, Docker, Loki, CloudWatch…) read it without a parsing rule.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed through ``extra``.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in record.__dict__.items():
            if name in _STANDARD or name.startswith("_"):
                continue
            if name == "request":
                entry["method"] = getattr(value, "method", None)
                entry["path"] = getattr(value, "path", None)
                continue
            entry[name] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
