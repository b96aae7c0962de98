"""Serving the media folder's files with far-future cache headers.

Every file there is named by its content's hash (images/services.py, and imagekit's names for
renditions, which change with the original's), so a file at an address never changes and a
browser may keep it for a year. In production a web server in front (nginx) should serve
MEDIA_ROOT at MEDIA_URL with the same header; this view is what `make run` and a single server
without one use.
"""

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

# Only what the library stores: never an HTML or SVG file, which could run script on the site.
SERVED_TYPES = ("image/jpeg", "image/png", "image/webp", "image/avif")


@require_safe
def media_serve(request, path: str):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200 and response.get("Content-Type") not in SERVED_TYPES:
        response.close()
        raise Http404("Not an image")
    if response.status_code in (200, 304):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
        response["X-Content-Type-Options"] = "nosniff"
    return response
