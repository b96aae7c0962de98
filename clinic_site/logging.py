"""JSON log lines that carry only fields chosen here, so no health information reaches the logs."""

import json
import logging
import traceback
from datetime import UTC, datetime

# Extra record attributes copied into a line. Anything else a library attaches (Django puts the
# whole request on django.request records) is left out: a request holds answers and cookies.
ALLOWED_EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "status_code")

# The last line of a traceback is the exception's message. Database drivers append lines such
# as `DETAIL: Key (email)=(...)` that quote stored values, so only the first line is kept.
EXCEPTION_MESSAGE_LIMIT = 200


def exception_text_redact(*, exc_info) -> str:
    """Format a traceback with the exception message cut to its first line."""
    exc_type, exc_value, exc_traceback = exc_info
    frames = "".join(traceback.format_tb(exc_traceback))
    lines = str(exc_value).strip().splitlines()
    message = lines[0][:EXCEPTION_MESSAGE_LIMIT] if lines else ""
    name = getattr(exc_type, "__qualname__", str(exc_type))
    return f"Traceback (most recent call last):\n{frames}{name}: {message}"


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ALLOWED_EXTRA_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = exception_text_redact(exc_info=record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class CacheFailureFilter(logging.Filter):
    """Turn django-redis's "Exception ignored" record into one short warning line.

    With DJANGO_REDIS_IGNORE_EXCEPTIONS the site carries on without Redis, and django-redis logs
    each call it gave up on with a full traceback at ERROR level: on every request, several
    times. One warning naming the error says as much without flooding the logs. The record
    carries no request, and the message holds no key or value, only the driver's error.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            # django-redis wraps the driver's error; the driver's says what went wrong.
            error = record.exc_info[1].__cause__ or record.exc_info[1]
            lines = str(error).strip().splitlines()
            reason = lines[0][:EXCEPTION_MESSAGE_LIMIT] if lines else ""
            record.msg = "Cache unavailable, carried on without it: %s: %s"
            record.args = (type(error).__name__, reason)
            record.exc_info = None
            record.exc_text = None
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        return True
