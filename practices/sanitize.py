"""Rich text from the editor, kept to what the sheet needs: no script, no style, no events.

Wagtail's editor only produces allowed markup, but content can also arrive through code,
an import or an older revision: every rich text field is cleaned again when the page is
saved, and once more when it is rendered. Wagtail's database format (``<a linktype="page"
id="3">``) is kept.
"""

from bs4 import BeautifulSoup, Comment

ALLOWED = {
    "p": set(),
    "br": set(),
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "ol": set(),
    "ul": set(),
    "li": set(),
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "hr": set(),
    "a": {"href", "linktype", "id"},
}
# Removed with everything inside them; other unknown tags keep their text.
DROPPED = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "template",
    "svg",
    "math",
    "noscript",
    "link",
    "meta",
    "base",
}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "/", "#")


def _safe_href(value):
    value = (value or "").strip()
    compact = "".join(value.split()).lower()
    return (
        value
        if compact.startswith(SAFE_SCHEMES) or "://" not in compact and ":" not in compact
        else ""
    )


def clean_html(html):
    if not html:
        return html or ""
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if tag.name in DROPPED:
            tag.decompose()
            continue
        allowed = ALLOWED.get(tag.name)
        if allowed is None:
            tag.unwrap()
            continue
        for attribute in list(tag.attrs):
            if attribute not in allowed:
                del tag.attrs[attribute]
        if tag.name == "a" and "href" in tag.attrs:
            href = _safe_href(tag.attrs["href"])
            if href:
                tag.attrs["href"] = href
            else:
                del tag.attrs["href"]
    if not soup.get_text().strip():
        # An emptied editor leaves "<p></p>": nothing to show, so nothing stored.
        return ""
    return str(soup)
