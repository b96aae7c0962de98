"""The form staff add and edit library images with (the admin's)."""

import re

from django import forms
from django.core.exceptions import ValidationError

from .models import Image
from .services import image_upload_clean

# Names cameras, phones and screenshots give files: never a description of the picture.
FILE_NAME = re.compile(
    r"^\S+\.(?:jpe?g|png|webp|gif|heic|heif|tiff?|bmp|svg|avif)$"
    r"|^(?:IMG|DSC|DSCN|DCIM|PXL|MVIMG|Photo|Screenshot|Screen Shot)[\s_-]?\d",
    re.IGNORECASE,
)


def alt_text_is_file_name(alt: str) -> bool:
    return bool(FILE_NAME.search(alt.strip()))


class ImageForm(forms.ModelForm):
    # A plain file field: images/services.py checks the file itself, with messages of its own,
    # rather than Django's one "Upload a valid image" for every problem.
    file = forms.FileField(
        label="Image file",
        help_text=Image._meta.get_field("file").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Image
        fields = ["file", "title", "alt_text", "decorative", "caption", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A stored image's file never changes (its address is cached for a year): a new
            # photo is a new image.
            self.fields.pop("file", None)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or upload is False or not hasattr(upload, "content_type"):
            return upload  # unchanged: the stored file stays
        return image_upload_clean(upload=upload)

    def clean(self):
        cleaned = super().clean()
        alt = (cleaned.get("alt_text") or "").strip()
        if not cleaned.get("decorative"):
            if not alt:
                self.add_error(
                    "alt_text",
                    ValidationError(
                        "Say what the image shows, for people who cannot see it. If it adds "
                        "nothing to the words around it, tick “decorative only” instead.",
                        code="alt_missing",
                    ),
                )
            elif alt_text_is_file_name(alt):
                self.add_error(
                    "alt_text",
                    ValidationError(
                        "This looks like a file name. Say what the image shows instead, such as "
                        "“A reclining chair by a window in the treatment room”.",
                        code="alt_file_name",
                    ),
                )
        return cleaned
