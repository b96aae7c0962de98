"""The one HTTP client of the tests and scripts: requests to a site on 127.0.0.1.

Each request is a fresh connection through http.client; a Visitor keeps its cookies between
requests as a browser does, so a journey can move from one server to another.
"""

from __future__ import annotations

import http.client
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN_FIELD = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')

# A form as pairs or a mapping, or already encoded (as wrk sends it).
Form = Mapping[str, str] | Sequence[tuple[str, str]] | str


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    cookies: dict[str, str] = field(default_factory=dict)  # set (not deleted) by this response
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path

    def csrf_token(self) -> str:
        match = CSRF_FIELD.search(self.text)
        if match is None:
            raise AssertionError(f"no form token on the page (status {self.status})")
        return match.group(1)

    def hidden_fields(self) -> dict[str, str]:
        """The page's hidden inputs (the form token and the like)."""
        return dict(HIDDEN_FIELD.findall(self.text))


def cookie_header(cookies: Mapping[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _cookie_deleted(attributes: str) -> bool:
    for attribute in attributes.split(";"):
        name, _, value = attribute.strip().partition("=")
        if name.lower() == "max-age" and value.strip().lstrip("-").isdigit():
            return int(value) <= 0
        if name.lower() == "expires":
            try:
                return parsedate_to_datetime(value).timestamp() < time.time()
            except (TypeError, ValueError):
                return False
    return False


def _exchange(
    *,
    port: int,
    path: str,
    method: str,
    form: Form | None,
    jar: dict[str, str],
    headers: Mapping[str, str] | None,
    timeout: float,
    connection: http.client.HTTPConnection | None = None,
) -> Response:
    """One request sending the jar's cookies; the jar takes the response's cookie changes.
    Sent on the given connection if one is given (already opened), else on a new one."""
    request_headers = {"Host": "127.0.0.1"}
    if jar:
        request_headers["Cookie"] = cookie_header(jar)
    body = (form if isinstance(form, str) else urlencode(form or {})).encode()
    if body:
        request_headers["Content-Type"] = "application/x-www-form-urlencoded"
    request_headers.update(headers or {})
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body or None, headers=request_headers)
        answer = connection.getresponse()
        payload = answer.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    response = Response(answer.status, payload, seconds=seconds)
    for name, value in answer.getheaders():
        if name.lower() == "set-cookie":
            cookie, _, attributes = value.partition(";")
            cookie_name, _, cookie_value = (part.strip() for part in cookie.partition("="))
            if _cookie_deleted(attributes):
                jar.pop(cookie_name, None)
            else:
                jar[cookie_name] = response.cookies[cookie_name] = cookie_value
        response.headers[name.lower()] = value
    return response


def fetch(
    *,
    port: int,
    path: str,
    method: str = "GET",
    form: Form | None = None,
    cookies: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 30,
    connection: http.client.HTTPConnection | None = None,
) -> Response:
    """One request sending the given cookies (left unchanged); the response lists those it set."""
    return _exchange(
        port=port,
        path=path,
        method=method,
        form=form,
        jar=dict(cookies or {}),
        headers=headers,
        timeout=timeout,
        connection=connection,
    )


class Visitor:
    """One browser: its own cookies, sent to whichever of the site's servers it asks."""

    def __init__(
        self,
        *,
        port: int,
        timeout: float = 30,
        on_response: Callable[[Response], None] | None = None,
    ):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.on_response = on_response

    def request(
        self, method: str, path: str, *, form: Form | None = None, port: int | None = None
    ) -> Response:
        response = _exchange(
            port=port or self.port,
            path=path,
            method=method,
            form=form,
            jar=self.cookies,
            headers=None,
            timeout=self.timeout,
        )
        if self.on_response is not None:
            self.on_response(response)
        return response

    def get(self, path: str, *, port: int | None = None) -> Response:
        return self.request("GET", path, port=port)

    def post(self, path: str, form: Form, *, port: int | None = None) -> Response:
        return self.request("POST", path, form=form, port=port)
