"""The fastest possible page: a bare WSGI app returning fixed bytes, the benchmark's ceiling."""

import os
from pathlib import Path

BODY = Path(os.environ["CEILING_BODY_FILE"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
