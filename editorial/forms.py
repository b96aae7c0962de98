"""The small forms of the review workflow: a note when submitting, a reviewer's comment, a time."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class SubmitForm(forms.Form):
    note = forms.CharField(
        label="Note for the reviewer (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        help_text="For example, what you changed and why. Do not include patient details.",
    )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        help_text="The editor sees this on the page and by email.",
        error_messages={"required": "Say what needs to change, so the editor knows what to do"},
    )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish on",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="The date and time in the clinic's time zone. Visitors see the current "
        "version until then.",
        error_messages={"required": "Enter the date and time to publish"},
    )

    def clean_publish_at(self):
        when = self.cleaned_data["publish_at"]
        if when <= timezone.now():
            raise ValidationError("Choose a time in the future, or publish now instead")
        return when
