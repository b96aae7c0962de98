"""The page form staff edit, and the small forms of the review workflow."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format

from ..history import page_versions
from ..models import Page
from .editor import MarkdownEditor


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class FAQEntryForm(forms.ModelForm):
    class Meta:
        widgets = {
            "answer": MarkdownEditor(
                attrs={"rows": 6, "class": "vLargeTextField markdown-body"},
                preview_url=reverse_lazy("admin:content_page_markdown_preview"),
            )
        }

    def clean_answer(self) -> str:
        return normalise_newlines(self.cleaned_data["answer"])


class PageAdminForm(forms.ModelForm):
    # When the editor opened the page; a different value at save time means someone else saved.
    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)
    mark_reviewed = forms.BooleanField(
        label="I have checked this page is clinically accurate",
        required=False,
        help_text="Sets 'last reviewed' to today. Visitors see it once this version is published.",
    )

    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "language",
            "translation_of",
            "summary",
            "body",
            "layout",
            "nav_title",
            "parent",
            "show_in_nav",
            "nav_order",
            "related_pages",
            "last_reviewed",
            "review_interval_months",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "body": MarkdownEditor(
                attrs={"rows": 30, "class": "vLargeTextField markdown-body"},
                preview_url=reverse_lazy("admin:content_page_markdown_preview"),
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_updated_at"].initial = self.instance.updated_at.isoformat()
        # A section or related page is one visitors can reach, never a working draft, and in
        # the page's own language once it has one.
        linkable = Page.objects.editable()
        if self.instance.pk:
            linkable = linkable.filter(language=self.instance.language)
        if "parent" in self.fields:
            self.fields["parent"].queryset = linkable
        if "related_pages" in self.fields:
            self.fields["related_pages"].queryset = linkable
        if "translation_of" in self.fields:
            self.fields["translation_of"].queryset = Page.objects.editable().filter(
                language=settings.LANGUAGE_CODE
            )

    def clean_body(self) -> str:
        # Browsers send a textarea's lines with CRLF; stored text uses LF like the source files,
        # so that comparisons and the loader's fingerprints see only real changes.
        return normalise_newlines(self.cleaned_data["body"])

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        if self.instance.is_public and Page.objects.filter(live_page=self.instance).exists():
            # Someone saved the first draft of this live page while this form was open.
            raise ValidationError(
                "Someone saved a draft of this page while you were editing it, so your changes "
                "have not been saved. Your text is still in the form below: copy what you "
                "need, then open the page again to edit the draft.",
                code="edit_conflict",
            )
        loaded = self.data.get(self.add_prefix("loaded_updated_at"), "")
        current = self.instance.updated_at.isoformat()
        if loaded and loaded != current:
            # Keep every word they typed on the form; a second save, now informed, goes through.
            data = self.data.copy()
            data[self.add_prefix("loaded_updated_at")] = current
            self.data = data
            latest = page_versions(page=self.instance).first()
            who = ""
            if latest and latest.revision.user:
                user = latest.revision.user
                who = f" by {user.get_full_name() or user.get_username()}"
            when = date_format(timezone.localtime(self.instance.updated_at), "DATETIME_FORMAT")
            raise ValidationError(
                f"This page was changed{who} at {when}, while you were editing it. Your changes "
                "have not been saved, and your text is still in the form below. Open the page's "
                "history in a new tab to see what they changed. If you save again, your version "
                "will replace theirs.",
                code="edit_conflict",
            )
        return cleaned_data


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
