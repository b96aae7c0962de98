"""The staff fixtures the content tests use, for the editorial tests too."""

import pytest

from tests.content.conftest import (  # noqa: F401  (fixtures, found by name)
    editor,
    editor_client,
    fresh_content_cache,
    reviewer,
    reviewer_client,
)
from tests.support.migrations import migration_database


@pytest.fixture
def migration_database_url(tmp_path):
    """An empty database of this pass's engine for one migration test (tests/support)."""
    with migration_database(tmp_path) as url:
        yield url
