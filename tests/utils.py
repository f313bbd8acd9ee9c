import html
import re


def text(response):
    """The page with HTML entities decoded and non-breaking spaces as plain spaces."""
    return html.unescape(response.content.decode()).replace("\xa0", " ").replace("\u202f", " ")


def visible_text(response):
    """Text without tags, scripts and styles, whitespace collapsed."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(
        r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content)).replace("\u202f", " ")
    ).strip()
