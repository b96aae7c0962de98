"""The Markdown editor's test page (tests/content/editor_urls.py) with the media folder served,
so the image chooser's thumbnails and the preview's images load."""

from images.urls import media_urlpatterns
from tests.content.editor_urls import *  # noqa: F403
from tests.content.editor_urls import urlpatterns as editor_urlpatterns

urlpatterns = [*media_urlpatterns, *editor_urlpatterns]
