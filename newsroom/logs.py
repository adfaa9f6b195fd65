"""Structured logs: one JSON object per line, each carrying the request's id.

The id lives in a context variable that ``RequestIdMiddleware`` sets for the length of
a request, so any logger anywhere (Django's, ours, a library's) gets it for free.
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("newsroom_request_id", default="-")

# Attributes every LogRecord has; anything else was passed in ``extra=`` and is kept.
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RequestIdFilter(logging.Filter):
    """Stamp each record with its request's id ("-" outside a request).

    Django logs 4xx/5xx responses after the middleware has returned, but it passes
    the request along, so its id is taken from there first.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or (
                request_id_var.get()
            )
        return True


class DropTraceback(logging.Filter):
    """For loggers whose message says it all (a forged Host header is not a bug)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON that log shippers can index."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key in _STANDARD_ATTRS or key in entry or key.startswith("_"):
                continue
            if key == "request":  # Django passes the HttpRequest; keep what matters
                entry["method"] = getattr(value, "method", None)
                entry["path"] = getattr(value, "path", None)
                continue
            entry[key] = value if _is_json_scalar(value) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _is_json_scalar(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)
