import re

import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the rate limit counts in the database, which
    rolls back after each test)."""
    cache.clear()
    yield
    cache.clear()


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def contact_form(client) -> tuple[str, str]:
    """Open the contact page; return its HTML and the form's one-time token."""
    response = client.get(reverse("consultations:request"))
    assert response.status_code == 200
    html = response.content.decode()
    return html, form_token(html)


def request_data(token: str, **overrides) -> dict:
    data = {
        "form_token": token,
        "name": "Jordan Example",
        "phone": "(555) 010-7788",
        "email": "jordan@example.org",
        "best_time": "morning",
        "message": "Could you tell me about the first appointment?",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
