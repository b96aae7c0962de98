"""More than one server: two gunicorn instances on different ports sharing one PostgreSQL.

Each runs two worker processes with production settings, so every check below also crosses
processes within a server. The cache is each process's own memory by default, and a shared
Redis when REDIS_URL is set (sessions then read from Redis too); both set-ups are tested, the
second with a redis-server of the module's own (tests/site/conftest.py). Uploaded images go to
one media folder both servers use, the default local storage: the single-machine set-up (on
more than one machine, a shared folder or the S3-compatible store, README "Production").
"""

import html
import http.client
import io
import os
import re
import secrets
import uuid
from html.parser import HTMLParser

import pytest
from PIL import Image as PillowImage

from screener.flow import flow_walk
from screener.questions import STEPS_BY_KEY, Kind
from tests.support.http import Visitor
from tests.support.journeys import (
    CHECK_ANSWERS_URL,
    SUMMARY_URL,
    screener_journey,
    screener_typical_answers,
)
from tests.support.servers import Gunicorn, manage
from tests.support.staff import Authenticator

pytestmark = pytest.mark.slow
STAFF_PASSWORD = "multi-server-staff-password-5521"
CONTENT_PAGE = "/chronic-pain-facts/"


@pytest.fixture(scope="module")
def staff_username(served_site_environment) -> str:
    username = f"staff-{secrets.token_hex(3)}"
    manage(
        "createsuperuser",
        "--noinput",
        env={
            **served_site_environment,
            "DJANGO_SUPERUSER_USERNAME": username,
            "DJANGO_SUPERUSER_EMAIL": "staff@clinic.example",
            "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD,
        },
    )
    return username


@pytest.fixture(scope="module")
def staff_phone() -> Authenticator:
    return Authenticator()


@pytest.fixture(scope="module", params=["local memory cache", "Redis cache"])
def servers(request, served_site_environment, tmp_path_factory):
    """Servers A and B, started from the same code, database and (when used) Redis."""
    environment = dict(served_site_environment)
    if request.param == "Redis cache":
        redis_server = request.getfixturevalue("throwaway_redis")
        prefix = f"clinic-test-{os.getpid()}-{secrets.token_hex(3)}"
        environment.update(REDIS_URL=redis_server.url(), CACHE_KEY_PREFIX=prefix)
    folder = tmp_path_factory.mktemp("servers")
    environment["MEDIA_ROOT"] = str(folder / "media")  # one folder for both servers
    started = []
    try:
        for name in ("a", "b"):
            server = Gunicorn.start(env=environment, log=folder / f"{name}.log", workers=2)
            started.append(server)
        for server in started:
            server.wait_until_healthy(timeout=60)
        assert started[0].port != started[1].port
        yield started
    finally:
        for server in started:
            server.stop()
    for server in started:
        assert '"status": 500' not in server.log.read_text(), server.log_tail()


def session_answers(answers: dict[str, list[tuple[str, str]]]) -> dict:
    """The posted form answers as the session stores them."""
    stored = {}
    for key, pairs in answers.items():
        kind = STEPS_BY_KEY[key].kind
        if kind is Kind.CHECKLIST:
            stored[key] = dict(pairs)
        elif kind is Kind.CHECKBOXES:
            stored[key] = [value for _, value in pairs]
        else:
            stored[key] = pairs[0][1]
    return stored


def answer_labels(step_key: str, value) -> list[str]:
    step = STEPS_BY_KEY[step_key]
    if step.kind is Kind.CHECKLIST:
        return [str(item.label) for item in step.items]
    values = value if isinstance(value, list) else [value]
    return [str(step.choice_label(v)) for v in values]


def test_a_journey_alternating_between_servers_ends_with_every_answer_on_the_second(servers):
    a, b = servers
    answers = screener_typical_answers()
    visitor = Visitor(port=a.port)
    # Every request goes to the other server than the one before; the summary to B.
    summary = screener_journey(visitor=visitor, answers=answers, servers=[a.port, b.port])
    assert "Your summary: things to discuss with your clinician" in summary.text

    check = visitor.get(CHECK_ANSWERS_URL, port=b.port)
    assert check.status == 200
    page = html.unescape(check.text)
    walk = flow_walk(answers=session_answers(answers))
    assert walk.complete
    for step in walk.steps:
        assert str(step.short_label) in page, step.key
        for label in answer_labels(step.key, walk.answers[step.key]):
            assert label in page, (step.key, label)

    for server in (a, b):
        log = server.log.read_text()
        assert '"method": "POST", "path": "/screener/' in log, "both servers took answers"


class FormValues(HTMLParser):
    """What a browser would send from the form with this id, its submit button left out."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.select: tuple[str, bool] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        if not self.inside or attributes.get("disabled") is not None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.values.append(
                (name, attributes.get("value") or ("on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self.textarea = name
            self.values.append((name, ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attributes:
            self.values.append((self.select, attributes.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            name, value = self.values[-1]
            self.values[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            if self.textarea is not None:
                name, value = self.values[-1]
                # Browsers drop the one line break that may follow <textarea>.
                self.values[-1] = (name, value.removeprefix("\n"))
            self.textarea = None
        elif tag == "select":
            self.select = None


def admin_edit(
    server: Gunicorn,
    *,
    cookies: dict,
    path: str,
    form_id: str,
    changes: dict,
    button: tuple[str, str] = ("_save", "Save"),
):
    """Open an admin change form, change some fields, save it as a browser would."""
    page = server.fetch(path, cookies=cookies)
    if page.status == 302:  # a live page with a draft opens its draft
        path = page.location
        page = server.fetch(path, cookies=cookies)
    assert page.status == 200, page.status
    parser = FormValues(form_id)
    parser.feed(page.text)
    assert parser.values, f"no form #{form_id} on {path}"
    form = [(name, changes.get(name, value)) for name, value in parser.values]
    form.append(button)
    saved = server.fetch(path, method="POST", cookies=cookies, form=form)
    assert saved.status == 302, html.unescape(saved.text)[:3000]


def admin_change_url(server: Gunicorn, *, model: str, lookup: str) -> str:
    """The admin change form of the one row `lookup` (a queryset filter) finds, by its id in the
    servers' database (the page list's search also finds pages that only mention the words)."""
    app_label, model_name = model.split("/")
    script = (
        "from django.apps import apps; "
        f"print(apps.get_model('{app_label}', '{model_name}').objects.get({lookup}).pk)"
    )
    row_id = manage("shell", "-c", script, env=server.env).strip().splitlines()[-1]
    return f"/admin/{model}/{int(row_id)}/change/"


def test_a_staff_edit_on_one_server_shows_at_once_on_the_other(
    servers, staff_username, staff_phone
):
    a, b = servers
    visitor = Visitor(port=b.port)
    screener_journey(visitor=visitor, answers=screener_typical_answers(), servers=[b.port])
    for _ in range(3):  # cached by both of B's workers
        assert b.fetch(CONTENT_PAGE).status == 200
        assert b.fetch("/privacy/").status == 200
        assert visitor.get(SUMMARY_URL).status == 200
    staff = a.sign_in(username=staff_username, password=STAFF_PASSWORD, phone=staff_phone)

    title = f"Chronic pain, in brief {secrets.token_hex(2)}"
    page_url = admin_change_url(
        a, model="content/page", lookup=f"slug='{CONTENT_PAGE[1:-1]}', language='en'"
    )
    admin_edit(
        a,
        cookies=staff,
        path=page_url,
        form_id="page_form",
        changes={"title": title},
        button=("_publish", "Save and publish now"),  # an edit of a live page is a draft
    )

    phone = f"(555) 010-{secrets.randbelow(9000) + 1000}"
    settings_url = "/admin/clinic_site/sitesettings/1/change/"
    admin_edit(
        a,
        cookies=staff,
        path=settings_url,
        form_id="sitesettings_form",
        changes={"phone": phone},
        button=("_publish", "Save and publish now"),  # clinic details go through review too
    )

    why = f"Opioids and ketamine, as the clinic explains them {secrets.token_hex(2)}."
    guidance_url = admin_change_url(a, model="screener/factorguidance", lookup="factor='opioids'")
    admin_edit(
        a,
        cookies=staff,
        path=guidance_url,
        form_id="factorguidance_form",
        changes={"why_it_matters": why},
        button=("_publish", "Save and publish now"),
    )

    for _ in range(3):  # whichever of B's workers answers
        page = b.fetch(CONTENT_PAGE).text
        assert f"<h1>{html.escape(title)}</h1>" in page
        assert html.escape(phone) in page, "the footer shows the new phone number"
        assert html.escape(phone) in b.fetch("/privacy/").text
        assert html.escape(why) in visitor.get(SUMMARY_URL).text


def upload(server: Gunicorn, *, path: str, cookies: dict, fields: dict, file: tuple[str, bytes]):
    """Post an admin form with a file, as a browser sends it (multipart/form-data)."""
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        part = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        body.write(part.encode())
    file_name, content = file
    body.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"'
        "\r\nContent-Type: image/jpeg\r\n\r\n".encode()
    )
    body.write(content + f"\r\n--{boundary}--\r\n".encode())
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request(
            "POST",
            path,
            body=body.getvalue(),
            headers={
                "Host": "127.0.0.1",
                "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def photo_jpeg() -> bytes:
    """A photo of its own (each run's differs, so its file is new), 800 by 600 pixels."""
    picture = PillowImage.new("RGB", (800, 600), tuple(secrets.token_bytes(3)))
    for x in range(0, 800, 40):
        picture.putpixel((x, x * 3 // 4), (255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG")
    return buffer.getvalue()


def test_an_image_uploaded_through_one_server_is_served_by_the_other(
    servers, staff_username, staff_phone
):
    a, b = servers
    staff = a.sign_in(username=staff_username, password=STAFF_PASSWORD, phone=staff_phone)
    form = a.fetch("/admin/images/image/add/", cookies=staff)
    assert form.status == 200, form.status
    title = f"Treatment room {secrets.token_hex(3)}"
    status, text = upload(
        a,
        path="/admin/images/image/add/",
        cookies={**staff, **form.cookies},
        fields={
            "csrfmiddlewaretoken": form.csrf_token(),
            "title": title,
            "alt_text": "A reclining chair by a window.",
            "caption": "",
            "credit": "",
            "_save": "Save",
        },
        file=("treatment-room.jpg", photo_jpeg()),
    )
    assert status == 302, html.unescape(text)[:3000]
    image_url = admin_change_url(a, model="images/image", lookup=f"title='{title}'")
    image_id = int(image_url.split("/")[-3])

    # Put it in a page as a draft: staff see it through B; a visitor to B does not.
    page_url = admin_change_url(
        a, model="content/page", lookup=f"slug='{CONTENT_PAGE[1:-1]}', language='en'"
    )
    page = a.fetch(page_url, cookies=staff)
    if page.status == 302:
        page = a.fetch(page.location, cookies=staff)
    parser = FormValues("page_form")
    parser.feed(page.text)
    body = dict(parser.values)["body"]
    reference = f"![A reclining chair by a window.](image:{image_id})"
    admin_edit(a, cookies=staff, path=page_url, form_id="page_form",
               changes={"body": f"{reference}\n\n{body}"})  # fmt: skip
    library = b.fetch(image_url, cookies=staff)
    assert library.status == 200
    renditions = sorted(set(re.findall(r"/media/images/renditions/[^\s\"',]+", library.text)))
    assert renditions, "the library page shows the image from B"
    for address in renditions:
        assert b.fetch(address, cookies=staff).status == 200, address
        assert b.fetch(address).status == 404, "a draft's image stays private"

    admin_edit(a, cookies=staff, path=page_url, form_id="page_form", changes={},
               button=("_publish", "Save and publish now"))  # fmt: skip
    shown = b.fetch(CONTENT_PAGE).text
    folder = renditions[0].rsplit("/", 1)[0]  # this image's, not an earlier run's
    addresses = set(re.findall(rf"{folder}/[^\s\"',]+", shown))
    assert len(addresses) == 6, "three widths (800 pixels), in AVIF and WebP"
    for address in addresses:
        served = b.fetch(address)
        assert served.status == 200, address
        assert served.headers["content-type"] in ("image/webp", "image/avif")
        assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
