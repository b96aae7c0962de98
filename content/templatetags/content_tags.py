import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end the <script> element or start markup, written as JSON escapes.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict) -> str:
    """Render schema.org data as a JSON-LD block (data, never executed, so CSP allows it)."""
    encoded = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{encoded}</script>')
