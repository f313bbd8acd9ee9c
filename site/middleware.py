"""Input the database or the forms cannot take is refused before any view runs.

One place for the whole site (and Wagtail's admin): a request whose address, query
parameters or form fields hold a NUL byte, another control character, a lone surrogate
or bytes that are not UTF-8, or that declares a character set other than UTF-8 for more
than plain ASCII, gets a short page in the visitor's language with status 400. PostgreSQL refuses NUL in text
(an error, hence a 500, deep in a view); SQLite stores it; Django silently replaces
undecodable bytes with "�" and refuses form posts in another charset only when a view
reads them (and its debug page then fails again while showing the form's fields).

Cookies are not typed by anyone: an unreadable one is dropped, not refused, so that a
stray cookie cannot lock a person out.

Lengths are the forms' business (every free-text field has a ``max_length``); only the
sizes Django itself limits (``DATA_UPLOAD_MAX_MEMORY_SIZE``, number of fields) are
answered here, with a clean page instead of Django's bare one. A StreamField's posted
structure that Wagtail cannot read (a forged row count) is answered the same way.
"""

import logging
import re
from urllib.parse import parse_qsl, unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# In a field's value: NUL and the control characters of C0, except tab, line feed and
# carriage return (a text area sends those); lone surrogates (not encodable in UTF-8).
# The control characters XML 1.0 forbids too: feeds keep working with what was saved.
FORBIDDEN_IN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# In an address, a field's name, a file name or a cookie: every control character.
FORBIDDEN_IN_NAME = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")

# Django's message when a lookup on an integer field is given something else.
NOT_A_NUMBER = re.compile(r"Field '[^']+' expected a number but got ")

# A byte beyond ASCII in a query or a body, raw or percent-encoded.
BEYOND_ASCII = re.compile(rb"[^\x00-\x7f]|%[89a-fA-F][0-9a-fA-F]")

ACCEPTED_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
REPLACEMENT = "\ufffd"

REASONS = {
    "path": _("The address contains characters that cannot be read."),
    "query": _("The address contains characters that cannot be read."),
    "form": _(
        "The form contains characters that cannot be read (an invisible control character, "
        "or text in an encoding other than UTF-8)."
    ),
    "charset": _("The form was sent in a character set other than UTF-8, which is not accepted."),
    "too_big": _("The form is too big to be received."),
    "too_many": _("The form has too many fields."),
    "malformed": _("The form arrived damaged."),
}


class BadInput(Exception):
    def __init__(self, reason, status=400):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def _raw(value):
    """Bytes of a WSGI environ string (ISO-8859-1 by the WSGI convention)."""
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:  # already real text (ASGI servers, some test tools)
        return value.encode("utf-8", "surrogatepass")


def _strict_text(raw, reason):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(reason) from None


def _check_pairs(pairs, reason):
    for name, value in pairs:
        if FORBIDDEN_IN_NAME.search(name) or FORBIDDEN_IN_VALUE.search(value):
            raise BadInput(reason)


def _parse_urlencoded(raw, reason):
    """Pairs of a query string or form body, decoded strictly as UTF-8."""
    text = _strict_text(raw, reason)
    try:
        return parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except UnicodeDecodeError:
        raise BadInput(reason) from None
    except ValueError:  # more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
        raise BadInput("too_many") from None


def check_request(request):
    """Raise ``BadInput`` when the request holds what the site cannot take."""
    meta = request.META
    # Django has already decoded the address, writing bytes that are not UTF-8 back as
    # %XX escapes: decoding those again tells them (an escaped "%25" could look the same,
    # but no address of this site holds a percent sign).
    _strict_text(unquote_to_bytes(request.path_info), "path")
    if FORBIDDEN_IN_NAME.search(request.path_info):
        raise BadInput("path")

    charset = request.content_params.get("charset") if request.content_params else None
    if charset is not None and charset.strip().lower() not in ACCEPTED_CHARSETS:
        _plain_ascii_or_refuse(request)

    _check_pairs(_parse_urlencoded(_raw(meta.get("QUERY_STRING", "")), "query"), "query")

    if request.method != "POST":
        return  # Django reads a body's fields for POST only.
    try:
        if request.content_type == "application/x-www-form-urlencoded":
            _check_pairs(_parse_urlencoded(request.body, "form"), "form")
        elif request.content_type == "multipart/form-data":
            _check_multipart(request)
    except RequestDataTooBig:
        raise BadInput("too_big", status=413) from None
    except (TooManyFieldsSent, TooManyFilesSent):
        raise BadInput("too_many") from None
    except MultiPartParserError:
        raise BadInput("malformed") from None


def _plain_ascii_or_refuse(request):
    """A request in another charset is read as UTF-8 when it holds nothing but ASCII.

    Such text is the same in every charset Django knows (a mail client's one-click
    "List-Unsubscribe=One-Click" declared in ISO-8859-1, say); anything else is refused,
    as Django itself refuses a form post in another charset.
    """
    if request.content_type == "multipart/form-data":
        raise BadInput("charset")
    raw = [_raw(request.META.get("QUERY_STRING", ""))]
    if request.method == "POST":
        try:
            raw.append(request.body)
        except RequestDataTooBig:
            raise BadInput("too_big", status=413) from None
    if any(BEYOND_ASCII.search(part) for part in raw):
        raise BadInput("charset")
    request.encoding = "utf-8"


def _check_multipart(request):
    # Django decodes each part itself, replacing bytes that are not UTF-8 with "�".
    # When the body is small enough to be read whole first (Django parses it from
    # memory then), a "�" that is not in the raw bytes tells such a replacement.
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    raw = request.body if limit is None or length <= limit else None

    if raw is not None:
        # A part's headers (its name, its file name) that are not UTF-8 make Django skip
        # the whole part, file included, without a word.
        boundary = re.escape(
            request.content_params.get("boundary", "").encode("latin-1", "replace")
        )
        for headers in re.findall(rb"--" + boundary + rb"\r\n((?:[^\r\n]+\r\n)*)", raw):
            _strict_text(headers, "form")

    def damaged(text):
        return REPLACEMENT in text and (raw is None or text.encode("utf-8") not in raw)

    for name, values in request.POST.lists():
        if FORBIDDEN_IN_NAME.search(name) or damaged(name):
            raise BadInput("form")
        for value in values:
            if FORBIDDEN_IN_VALUE.search(value) or damaged(value):
                raise BadInput("form")
    for name, uploads in request.FILES.lists():
        if FORBIDDEN_IN_NAME.search(name) or damaged(name):
            raise BadInput("form")
        for upload in uploads:
            if FORBIDDEN_IN_NAME.search(upload.name or "") or damaged(upload.name or ""):
                raise BadInput("form")


def clean_cookies(request):
    for name, value in list(request.COOKIES.items()):
        if FORBIDDEN_IN_NAME.search(name) or FORBIDDEN_IN_NAME.search(value):
            logger.info("Dropped an unreadable cookie %r", name[:40])
            del request.COOKIES[name]


def bad_input_response(request, reason, status=400):
    """The page of a refused request: no database, no session, no context processor."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        content = render_to_string(
            "400.html",
            {
                "reason": REASONS.get(reason, REASONS["form"]),
                "address": reason in ("path", "query"),
                "status": status,
            },
        )
    response = HttpResponse(content, status=status)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        clean_cookies(request)
        try:
            check_request(request)
        except BadInput as refused:
            logger.info("Refused a request to %r: %s", request.path_info[:200], refused.reason)
            return bad_input_response(request, refused.reason, refused.status)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """An id that is not a number, looked up anyway, is an object that does not exist.

        Django raises this ``ValueError`` when a lookup on an integer field gets text
        (``pk="abc"``): views of Wagtail's admin (``chosen/<str:pk>/``) and hand-read
        form values let it through; it was a 500.
        """
        if isinstance(exception, (ValueError, TypeError)) and NOT_A_NUMBER.match(str(exception)):
            logger.info("Not a number as an id in %r: %s", request.path_info[:200], exception)
            raise Http404 from exception
        if isinstance(exception, (KeyError, ValueError, TypeError)) and _reading_blocks(exception):
            logger.info("Damaged block data in %r: %r", request.path_info[:200], exception)
            return bad_input_response(request, "malformed")
        return None


def _reading_blocks(exception):
    """Whether the error came from Wagtail reading a StreamField's or a list's posted
    structure (``<field>-count``, ``<field>-<n>-type``, ``-order``, ``-deleted``): the
    editor's script always sends it whole; a count that is not a number or names rows that
    are not there is a forged or damaged form (it was a 500 in the page editor)."""
    traceback = exception.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if code.co_name == "value_from_datadict" and "/wagtail/blocks/" in code.co_filename:
            return True
        traceback = traceback.tb_next
    return False
