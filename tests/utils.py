import contextlib
import html
import re

from workspace.forms.comments import CommentForm


def text(response):
    """The page with HTML entities decoded and non-breaking spaces as plain spaces."""
    return html.unescape(response.content.decode()).replace("\xa0", " ").replace("\u202f", " ")


def visible_text(response):
    """Text without tags, scripts and styles, whitespace collapsed."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(
        r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content)).replace("\u202f", " ")
    ).strip()


def comment_security_data(obj, timestamp=None):
    """The hidden fields of a comment form on ``obj``, as its page renders them."""
    form = CommentForm(obj)
    data = {
        name: str(form.initial[name])
        for name in ("content_type", "object_pk", "timestamp", "security_hash")
    }
    if timestamp is not None:
        data["timestamp"] = str(timestamp)
        data["security_hash"] = form.initial_security_hash(timestamp)
    return data


@contextlib.contextmanager
def recorded_calls(module, name="cache"):
    """Within the block, ``module.<name>`` (a cache) notes the name of every method called
    on it in the list the block is given; the real one is put back after."""
    calls = []
    real = getattr(module, name)

    class Recorded:
        def __getattr__(self, attribute):
            calls.append(attribute)
            return getattr(real, attribute)

    setattr(module, name, Recorded())
    try:
        yield calls
    finally:
        setattr(module, name, real)
