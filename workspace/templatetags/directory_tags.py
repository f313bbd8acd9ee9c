"""Dates of the liaison sheets in plain French: "1er août 2027", not "1 août 2027"."""

from django import template

from ..services import hours

register = template.Library()


@register.filter
def day_month(day):
    """ "1er août", "23 août"."""
    return hours.format_date(day) if day else ""


@register.filter
def day_month_year(day):
    """ "1er août 2027"."""
    return f"{hours.format_date(day)} {day.year}" if day else ""
