"""A page of its own for the Markdown editor's browser tests, so they need no admin around it.

It lays the widget out as the admin's change form does (an aligned form row with the admin's
stylesheets), under the site's own middleware and Content Security Policy, with the site's own
addresses beside it (its error pages link to them).
"""

from django import forms
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import path, reverse_lazy

from clinic_site import urls as site_urls
from content.admin.editor import MarkdownEditor, markdown_preview

PAGE = engines["django"].from_string(
    """{% load static %}<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Change page | Markdown editor test</title>
  <link rel="icon" href="{% static 'img/favicon.svg' %}" type="image/svg+xml">
  <link rel="stylesheet" href="{% static 'admin/css/base.css' %}">
  <link rel="stylesheet" href="{% static 'admin/css/forms.css' %}">
  <link rel="stylesheet" href="{% static 'admin/css/responsive.css' %}">
  {{ form.media }}
</head>
<body>
  <div id="container">
    <main id="content-start" class="content">
      <div id="content" class="colM">
        <h1>Change page</h1>
        <form method="post" action="">{% csrf_token %}
          <fieldset class="module aligned">
            {% for field in form %}
              <div class="form-row field-{{ field.name }}">
                <div>
                  <div class="flex-container">{{ field.label_tag }}{{ field }}</div>
                  {% if field.help_text %}
                    <div class="help" id="{{ field.id_for_label }}_helptext">
                      <div>{{ field.help_text }}</div>
                    </div>
                  {% endif %}
                </div>
              </div>
            {% endfor %}
          </fieldset>
          <div class="submit-row"><input type="submit" value="Save" class="default"></div>
        </form>
      </div>
    </main>
  </div>
</body>
</html>
"""
)


class EditorForm(forms.Form):
    title = forms.CharField(widget=forms.TextInput(attrs={"class": "vTextField"}))
    body = forms.CharField(
        widget=MarkdownEditor(
            attrs={"rows": 30, "class": "vLargeTextField markdown-body"},
            preview_url=reverse_lazy("markdown_preview"),
        ),
        help_text="The page text in Markdown: ## for a section heading, - for a bullet.",
    )


def editor_page(request):
    form = EditorForm(initial={"title": "Side effects and safety"})
    return HttpResponse(PAGE.render({"form": form, "csrf_token": get_token(request)}))


urlpatterns = [
    path("editor/", editor_page, name="editor_page"),
    path("editor/preview/", markdown_preview, name="markdown_preview"),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
