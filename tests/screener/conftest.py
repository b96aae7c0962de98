import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clear_cache():
    """Cached guidance and site settings must not leak from one test's database to the next."""
    cache.clear()
    yield
    cache.clear()
