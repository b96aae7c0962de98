"""The page form staff edit (the review workflow's forms are editorial.forms)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Kept as typed (the loader's text ends with a newline), so an untouched answer
        # compares equal to the live one.
        self.fields["answer"].strip = False

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
        # The body is kept as typed (the loader's text ends with a newline), so a page saved
        # without a change compares equal to the live page and publishing it changes nothing.
        self.fields["body"].strip = False
        if self.instance.pk:
            self.fields["loaded_updated_at"].initial = self.instance.updated_at.isoformat()
        # A section or related page is another page, in the page's own language once it has one.
        linkable = Page.objects.all()
        if self.instance.pk:
            linkable = linkable.filter(language=self.instance.language).exclude(pk=self.instance.pk)
            draft_related = getattr(self.instance, "draft_related_ids", None)
            if draft_related is not None and "related_pages" not in self.initial:
                self.initial["related_pages"] = draft_related
        if "parent" in self.fields:
            self.fields["parent"].queryset = linkable
        if "related_pages" in self.fields:
            self.fields["related_pages"].queryset = linkable
        if "translation_of" in self.fields:
            self.fields["translation_of"].queryset = Page.objects.filter(
                language=settings.LANGUAGE_CODE
            )

    def clean_body(self) -> str:
        # Browsers send a textarea's lines with CRLF; stored text uses LF like the source files,
        # so that comparisons with them and with the live page see only real changes.
        return normalise_newlines(self.cleaned_data["body"])

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        loaded = self.data.get(self.add_prefix("loaded_updated_at"), "")
        current = self.instance.updated_at.isoformat()
        if loaded and loaded != current:
            # Keep every word they typed on the form; a second save, now informed, goes through.
            data = self.data.copy()
            data[self.add_prefix("loaded_updated_at")] = current
            self.data = data
            revision = self.instance.latest_revision if self.instance.latest_revision_id else None
            user = revision.user if revision else None
            who = f" by {user.get_full_name() or user.get_username()}" if user else ""
            when = date_format(timezone.localtime(self.instance.updated_at), "DATETIME_FORMAT")
            if self.instance.is_live and self.instance.has_unpublished_changes:
                raise ValidationError(
                    f"Someone saved a draft of this page while you were editing it{who}, at "
                    f"{when}, so your changes have not been saved. Your text is still in the "
                    "form below. Open the page's history in a new tab to see what they "
                    "changed. If you save again, your version becomes the draft instead.",
                    code="edit_conflict",
                )
            raise ValidationError(
                f"This page was changed{who} at {when}, while you were editing it. Your changes "
                "have not been saved, and your text is still in the form below. Open the page's "
                "history in a new tab to see what they changed. If you save again, your version "
                "will replace theirs.",
                code="edit_conflict",
            )
        return cleaned_data
