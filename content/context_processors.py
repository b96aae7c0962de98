from django.utils.functional import SimpleLazyObject

from .navigation import page_index_get


def navigation(request):
    """Give every template the main menu after Home (its pages and its other links), read
    (from the cache) only when a template uses it."""
    return {"nav_pages": SimpleLazyObject(lambda: page_index_get().menu)}
