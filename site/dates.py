"""French dates as the network writes them: "1er décembre", not "1 décembre".

``format_date(value, format)`` is Django's ``date_format`` with the ordinal of the first
day of the month in French; the ``date`` template filter of every template (pages, e-mails,
PDFs) is this one (``site/templatetags/entraide_dates.py``, a template builtin), and the
code that writes a date in text (titles, messages, ``.ics`` descriptions) calls it too.
"""

import re

from django.utils import formats, translation
from django.utils.dateformat import format as dateformat

# The "j" (day of the month without a leading zero) of a format, not an escaped "\j".
DAY = re.compile(r"(?<!\\)j")


def ordinal_format(value, format_string):
    """``format_string`` with "1er" for the first day of the month, in French."""
    day = getattr(value, "day", None)
    if day != 1 or not (translation.get_language() or "").startswith("fr"):
        return format_string
    return DAY.sub(r"j\\e\\r", format_string)


def format_date(value, format_string="DATE_FORMAT"):
    """Like ``django.utils.formats.date_format``, with "1er" in French."""
    if value in (None, ""):
        return ""
    resolved = formats.get_format(format_string or "DATE_FORMAT")
    return formats.date_format(value, ordinal_format(value, resolved))


def date_filter(value, arg=None):
    """The ``date`` template filter: Django's, with "1er" in French."""
    if value in (None, ""):
        return ""
    resolved = ordinal_format(value, formats.get_format(arg or "DATE_FORMAT"))
    try:
        return formats.date_format(value, resolved)
    except AttributeError:
        try:
            return dateformat(value, resolved)
        except AttributeError:
            return ""
