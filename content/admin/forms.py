"""The page form staff edit (the review workflow's forms are editorial.forms)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from ..clinic_details import CLINIC_DETAILS, clinic_token
from ..models import FAQEntry, Page
from ..translations import english_change
from .editor import MarkdownEditor

CLINIC_DETAILS_HELP = (
    " To show one of the clinic's details as the site settings have it now, write "
    + ", ".join(f"{clinic_token(name)} ({what})" for name, what in CLINIC_DETAILS.items())
    + ". A change to the settings then shows on this page too."
)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class BesideEnglish(forms.Widget):
    """A field of a translation with the English page's words beside it, read-only: two
    columns on a wide screen, the English above the field on a narrow one
    (templates/admin/content/page/beside_english.html). The field itself is `widget`'s."""

    template_name = "admin/content/page/beside_english.html"

    def __init__(self, widget, *, english: str, label: str, changed: bool = False):
        super().__init__(widget.attrs)
        self.widget = widget
        self.english = english
        self.label = label
        self.changed = changed
        self.is_required = widget.is_required

    @property
    def media(self):
        return self.widget.media

    @property
    def is_hidden(self):
        return self.widget.is_hidden

    def use_required_attribute(self, initial):
        return self.widget.use_required_attribute(initial)

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return self.widget.id_for_label(id_)

    def format_value(self, value):
        return self.widget.format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        field = self.widget.render(name, value, attrs, renderer)
        english_id = f"{(attrs or {}).get('id') or name}_english"
        return mark_safe(
            render_to_string(
                self.template_name,
                {
                    "field": field,
                    "english": self.english,
                    "english_id": english_id,
                    "label": self.label,
                    "changed": self.changed,
                    "long": "\n" in self.english or len(self.english) > 200,
                },
            )
        )


def english_beside(form, name: str, *, english: str, label: str, changed: bool) -> None:
    field = form.fields.get(name)
    if field is not None and not isinstance(field.widget, BesideEnglish):
        field.widget = BesideEnglish(field.widget, english=english, label=label, changed=changed)


class FAQEntryForm(forms.ModelForm):
    class Meta:
        widgets = {
            "answer": MarkdownEditor(
                attrs={"rows": 6, "class": "vLargeTextField markdown-body"},
                preview_url=reverse_lazy("admin:content_page_markdown_preview"),
                clinic_details=True,
            )
        }

    def __init__(self, *args, english_entries=None, english_changed=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Kept as typed (the loader's text ends with a newline), so an untouched answer
        # compares equal to the live one.
        self.fields["answer"].strip = False
        self.fields["answer"].help_text += CLINIC_DETAILS_HELP
        # Made from the question when left blank (the admin's script fills it as you type).
        self.fields["anchor"].required = False
        if english_entries:
            order = self.initial.get("order", self.instance.order)
            english: FAQEntry | None = english_entries.get(order)
            if english is not None:
                for name, label in (("question", "question"), ("answer", "answer")):
                    english_beside(
                        self,
                        name,
                        english=getattr(english, name).strip(),
                        label=f"English {label}",
                        changed=english_changed,
                    )

    def clean_answer(self) -> str:
        return normalise_newlines(self.cleaned_data["answer"])

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("anchor") and cleaned_data.get("question"):
            cleaned_data["anchor"] = slugify(cleaned_data["question"])[:80].strip("-")
        return cleaned_data


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
                clinic_details=True,
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The body is kept as typed (the loader's text ends with a newline), so a page saved
        # without a change compares equal to the live page and publishing it changes nothing.
        self.fields["body"].strip = False
        self.fields["body"].help_text += CLINIC_DETAILS_HELP
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
        self.english = self.english_get()
        if self.english is not None:
            change = english_change(spanish=self.instance) if self.instance.pk else None
            self.english_show(
                english=self.english, changed_fields=change.changed_fields if change else set()
            )

    def english_get(self) -> Page | None:
        """The English page this form's page translates: as posted, else as it is saved or
        as the address asked ("Write the Spanish version")."""
        if self.is_bound:
            language = self.data.get(self.add_prefix("language"), "")
            english_id = self.data.get(self.add_prefix("translation_of"), "")
        elif self.instance.pk:
            language, english_id = self.instance.language, self.instance.translation_of_id
        else:
            language = self.initial.get("language", "")
            english_id = self.initial.get("translation_of", "")
        if not language or language == settings.LANGUAGE_CODE or not str(english_id).isdigit():
            return None
        return Page.objects.filter(pk=english_id, language=settings.LANGUAGE_CODE).first()

    def english_show(self, *, english: Page, changed_fields: set[str]) -> None:
        """Show the English page's words beside each field of this translation."""
        for name in ("title", "nav_title", "summary", "body"):
            english_beside(
                self,
                name,
                english=(getattr(english, name) or "").strip(),
                label=f"English {self.fields[name].label.lower()}" if name in self.fields else "",
                changed=name in changed_fields,
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
