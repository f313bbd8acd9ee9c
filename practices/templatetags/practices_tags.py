from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from practices.sanitize import clean_html

register = template.Library()


@register.filter
def clean_richtext(value):
    """Wagtail's rich text, expanded, then cleaned again: no script can come through."""
    source = getattr(value, "source", value) or ""
    return mark_safe(clean_html(expand_db_html(str(source))))  # noqa: S308 - cleaned just above
