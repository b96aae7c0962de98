"""The staff fixtures the content tests use, for the editorial tests too."""

from tests.content.conftest import (  # noqa: F401  (fixtures, found by name)
    editor,
    editor_client,
    fresh_content_cache,
    reviewer,
    reviewer_client,
)
