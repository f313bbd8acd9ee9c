"""Comments in templates."""

from django import template

from ..services.comments import details_of

register = template.Library()


@register.filter
def writer_details(comment):
    """The comment's ``CommentDetails`` or ``None``. ``comment.details`` in a template costs a
    ``dir()`` of the comment each time an older comment has none (the template engine's check
    for a failing property), several times per comment on a long thread."""
    return details_of(comment)
