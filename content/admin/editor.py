"""The Markdown editor staff write pages in: a formatting toolbar and a live preview.

The preview is rendered by the site's own renderer (clinic_site.markdown), so what an editor sees
beside the text is what visitors will get, sanitised the same way. The toolbar and the preview are
static/js/markdown-editor.js; without it the widget is the plain textarea it replaces.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from clinic_site.markdown import markdown_render

PREVIEW_PERMISSION = "content.change_page"
# Far longer than any page; a bigger paste is previewed up to here (and saved whole as usual).
PREVIEW_MAX_CHARACTERS = 100_000


class MarkdownEditor(forms.Textarea):
    """A Markdown textarea with a toolbar (headings, bold, lists, links) and a live preview.

    preview_url is the address of markdown_preview (a reverse_lazy() is fine); without it the
    preview panel is left out and the toolbar still works.
    """

    template_name = "admin/widgets/markdown_editor.html"

    class Media:
        # chooser.js before clinic-detail.js, whose buttons insert with its insert().
        js = ["js/markdown-editor.js", "js/chooser.js", "js/clinic-detail.js"]
        css = {"all": ["css/markdown-editor.css", "css/clinic-detail.css"]}

    def __init__(self, attrs=None, *, preview_url=None, clinic_details: bool = False):
        super().__init__(attrs)
        self.preview_url = preview_url
        # Offer the clinic-detail tokens ("Insert clinic detail"): for text whose HTML is made
        # again when the details change (a page's body and FAQ answers, content.clinic_details).
        self.clinic_details = clinic_details

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"]["class"] = " ".join(
            filter(None, [widget["attrs"].get("class"), "markdown-editor__input"])
        )
        widget["preview_url"] = str(self.preview_url) if self.preview_url else ""
        if self.clinic_details:
            from ..clinic_details import CLINIC_DETAILS, clinic_token

            widget["clinic_details"] = [
                {"name": name, "token": clinic_token(name), "what": what}
                for name, what in CLINIC_DETAILS.items()
            ]
        return context


@cache_control(private=True, no_store=True)
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """Return the posted Markdown (`text`) as the sanitised HTML a visitor would be sent."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm(PREVIEW_PERMISSION)):
        raise PermissionDenied
    text = request.POST.get("text", "")[:PREVIEW_MAX_CHARACTERS]
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    html = markdown_render(text=text, language=language)  # with the clinic's details
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return response
