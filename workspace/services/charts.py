"""Charts as SVG drawn on the server: no script, no style attribute (the site's CSP allows
neither), colours and sizes as presentation attributes and classes.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (what it shows, the highest and lowest values, how many are hidden); the page
puts the chart's data table beside it, which is the full text alternative.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 70
ROW_HEIGHT = 26
BAR_HEIGHT = 16
TOP = 8
COLOURS = ["#1f5f8b", "#b35900"]


def _number(value):
    if isinstance(value, float):
        value = round(value, 2)
    return str(value).replace(".", ",")


def describe(title, labels, values, unit=""):
    """A sentence that says what the chart shows, for its ``<desc>``."""
    shown = [
        (label, value) for label, value in zip(labels, values, strict=True) if value is not None
    ]
    hidden = len(values) - len(shown)
    parts = [_("%(title)s: %(count)s bars.") % {"title": title, "count": len(values)}]
    if shown:
        high = max(shown, key=lambda pair: pair[1])
        low = min(shown, key=lambda pair: pair[1])
        parts.append(
            _("Highest: %(label)s, %(value)s; lowest: %(low_label)s, %(low_value)s.")
            % {
                "label": high[0],
                "value": f"{_number(high[1])}{unit}",
                "low_label": low[0],
                "low_value": f"{_number(low[1])}{unit}",
            }
        )
    if hidden:
        parts.append(_("%(count)s values hidden to protect small counts.") % {"count": hidden})
    parts.append(_("The table beside the chart gives every value."))
    return " ".join(parts)


def bar_chart(chart_id, title, labels, values, unit="", description=None):
    """A horizontal bar chart; ``values`` holds numbers, or None for a hidden value."""
    labels = [str(label) for label in labels]
    count = len(labels)
    height = TOP * 2 + max(count, 1) * ROW_HEIGHT
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max([value for value in values if value is not None] or [0])
    description = description or describe(title, labels, values, unit)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="DejaVu Sans, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line class="chart-axis" x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{LABEL_WIDTH}" '
        f'y2="{height - TOP + 4}" stroke="#444" stroke-width="1"/>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2 + 5
        out.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'font-size="13" fill="#222">{escape(label[:28])}</text>'
        )
        if value is None:
            out.append(
                f'<text class="chart-hidden" x="{LABEL_WIDTH + 6}" y="{middle}" font-size="13" '
                f'font-style="italic" fill="#555">{escape(_("hidden"))}</text>'
            )
            continue
        width = 0 if not largest else max(plot * float(value) / float(largest), 1 if value else 0)
        out.append(
            f'<rect class="chart-bar" x="{LABEL_WIDTH + 1}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" '
            f'width="{width:.1f}" height="{BAR_HEIGHT}" fill="{COLOURS[0]}"/>'
        )
        out.append(
            f'<text class="chart-value" x="{LABEL_WIDTH + width + 6:.1f}" y="{middle}" '
            f'font-size="13" fill="#222">{escape(_number(value) + unit)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def table_chart(table, column, chart_id, title, unit=""):
    """A bar chart of one column of a ``figures.Table`` (its total rows left out)."""
    rows = [row for row in table.rows if not row["total"]]
    index = [key for key, _label in table.columns].index(column)
    labels = [row["label"] for row in rows]
    values = [None if row["cells"][index].hidden else row["cells"][index].value for row in rows]
    return bar_chart(chart_id, title, labels, values, unit)
