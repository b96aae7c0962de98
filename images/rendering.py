"""An image of the library as a page shows it: a <picture> of its renditions (AVIF, and WebP
for browsers without AVIF), in the size the screen needs, with its width and height.

clinic_site.markdown calls image_html (settings.MARKDOWN_IMAGE_RENDERER) for each
`![alt](image:42)` in a page's Markdown; the site's floor never imports this app.
"""

from django.template.loader import render_to_string

from .models import Image, media_url

# The page's text column: 42rem wide (site.css, p and li), less on a phone.
SIZES = "(min-width: 44rem) 42rem, 100vw"


def image_html(*, image_id: int, alt: str, first: bool, alone: bool) -> str:
    """The HTML that shows image `image_id`, or "" when there is no such image.

    `alt` is what the page's Markdown says between the brackets; empty means the library's
    alt text. A decorative image always gets alt="". The first image of a page is fetched
    first (fetchpriority="high"); the others load as the visitor scrolls to them. `alone`: the
    image is a paragraph of its own, so it becomes a figure with its caption and credit.
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return ""
    renditions = image.renditions()
    if not renditions:
        return ""
    width, height, _ = renditions[-1]
    middle = renditions[min(1, len(renditions) - 1)][2]
    return render_to_string(
        "images/image.html",
        {
            "image": image,
            "alt": "" if image.decorative else (alt.strip() or image.alt_text),
            "src": media_url(middle.name),
            "srcset": ", ".join(f"{media_url(file.name)} {w}w" for w, _, file in renditions),
            "avif_srcset": ", ".join(
                f"{media_url(file.name)} {w}w" for w, _, file in image.renditions(kind="avif")
            ),
            "sizes": SIZES,
            "width": width,
            "height": height,
            "first": first,
            "figure": alone and (image.caption or image.credit),
        },
    ).strip()
