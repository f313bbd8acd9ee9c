"""The ``date`` filter of every template: Django's, with "1er" in French (see entraide.dates).

Listed in ``TEMPLATES[...]["OPTIONS"]["builtins"]``: it replaces Django's own ``date`` filter
everywhere without a ``{% load %}``.
"""

from django import template

from ..dates import date_filter

register = template.Library()
register.filter("date", date_filter, expects_localtime=True, is_safe=False)
