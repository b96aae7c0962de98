"""Staff in the real groups (the content tests' fixtures), and a published clinical lead."""

import pytest

from tests.content.conftest import (  # noqa: F401  (fixtures, found by name)
    editor,
    editor_client,
    fresh_content_cache,
    reviewer,
    reviewer_client,
)

from .records import TEAM_MEMBER, record_add, record_submit_and_publish


@pytest.fixture
def published_lead(editor_client, reviewer_client):  # noqa: F811  (the fixtures above)
    pk = record_add(editor_client, "teammember", TEAM_MEMBER)
    record_submit_and_publish(editor_client, reviewer_client, "teammember", pk)
    return pk
