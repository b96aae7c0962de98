"""The library's images as visitors and staff fetch them, at /media/, from whichever store
keeps them (the media folder, or an S3-compatible bucket that stays private).

Why a view rather than the store's own addresses: a photo put in a draft must stay private
until the page is published (a treatment room before it opens, a new team member), so each
request is checked against what published content shows. Originals are never served; only
renditions are, which carry no metadata. A rendition that published content shows goes to
anyone, cached for a year (its name changes when the image does); one that only a draft or the
library shows goes to signed-in staff alone, never stored by a browser or proxy; to anyone
else it is the site's "page not found".
"""

from django.contrib import admin
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .services import images_of_rendition, images_shown_publicly

# Renditions (images/models.py) and the logo's favicons (clinic_site/branding.py).
CONTENT_TYPES = {"webp": "image/webp", "avif": "image/avif", "png": "image/png"}
PUBLIC = "public, max-age=31536000, immutable"
STAFF_ONLY = "private, no-store"


@require_safe
def media_serve(request, path: str):
    images = images_of_rendition(name=path)
    if not images:
        raise Http404("Not a rendition of a library image")
    if images_shown_publicly(image_ids=images):
        cache_control = PUBLIC
    elif admin.site.has_permission(request):  # signed in with the second factor
        cache_control = STAFF_ONLY
    else:
        raise Http404("No published page shows this image")
    try:
        stored = default_storage.open(path)
    except OSError:  # listed, but not in the store: deleted by hand, or a store outage
        raise Http404("Not in the store") from None
    response = FileResponse(stored, content_type=CONTENT_TYPES[path.rsplit(".", 1)[-1]])
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    if cache_control == STAFF_ONLY:
        # The response differs by who asks: no shared cache may keep it for another visitor.
        response["Vary"] = "Cookie"
    return response
