"""The site search box, rendered through the "govuk" crispy template pack."""

from functools import cached_property

from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .search import SEARCH_QUERY_MAX_LENGTH


class SearchQueryField(forms.CharField):
    """Any words at all: NUL bytes dropped and long queries cut short, never refused."""

    def to_python(self, value) -> str:
        return super().to_python(value).replace("\x00", "")[:SEARCH_QUERY_MAX_LENGTH]


class SearchForm(forms.Form):
    """The words to search for. field_id keeps two search boxes on one page apart."""

    q = SearchQueryField(
        label=_("Search this website"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "search-form__input",
                "maxlength": SEARCH_QUERY_MAX_LENGTH,
                "autocomplete": "off",
            }
        ),
    )

    def __init__(self, *args, field_id: str = "search-query", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["id"] = field_id

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_action = "content:search"
        helper.form_class = "search-form"
        helper.label_class = "search-form__label"
        helper.attrs = {"role": "search"}
        helper.layout = Layout(
            FieldWithButtons(
                "q",
                StrictButton(
                    gettext("Search"), type="submit", css_class="btn-secondary search-form__button"
                ),
                css_class="search-form__row",
            )
        )
        return helper
