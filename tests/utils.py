import html
import re


def text(response):
    """The page as a reader sees its text: HTML entities decoded."""
    return html.unescape(response.content.decode())


def visible_text(response):
    """Text without tags, scripts and styles, whitespace collapsed."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content))).strip()
