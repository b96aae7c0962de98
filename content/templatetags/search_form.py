"""The search box on any page, whether or not its view made a search form."""

from django import template

from content.forms import SearchForm

register = template.Library()


@register.simple_tag
def search_form_for(*, query: str = "", field_id: str) -> SearchForm:
    """A search form showing the words searched for, its input given this id."""
    return SearchForm(initial={"q": query}, field_id=field_id)
