"""Images the tests put in the library as the admin's upload does (cleaned, renditions made)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage


def logo_image(*, title: str = "Clinic logo", alt_text: str = "Riverside logo"):
    """A wide PNG logo (600 by 200 pixels: 120 wide in the 40 pixel high header), a plum band
    on a clear background."""
    from images.models import Image
    from images.services import image_upload_clean

    picture = PillowImage.new("RGBA", (600, 200), (0, 0, 0, 0))
    for x in range(40, 560):
        for y in range(40, 160):
            picture.putpixel((x, y), (138, 44, 99, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue())
    return Image.objects.create(
        file=image_upload_clean(upload=upload), title=title, alt_text=alt_text
    )
