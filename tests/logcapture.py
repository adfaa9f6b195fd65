"""Read what the app logs, formatted exactly as production writes it (JSON lines)."""

import json
import logging
from contextlib import contextmanager

from newsroom.logs import JsonFormatter, RequestIdFilter


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())

    def emit(self, record):
        self.lines.append(self.format(record))


@contextmanager
def json_logs(logger_name: str):
    """Collect the JSON lines ``logger_name`` writes; yields a list of dicts."""
    handler = _Lines()
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    entries: list[dict] = []
    try:
        yield entries
    finally:
        logger.removeHandler(handler)
        entries.extend(json.loads(line) for line in handler.lines)
