"""The one way a view follows a ``next`` (or any return address) given by the browser.

Only a path on this site is followed: ``//evil.example/``, ``https://evil.example/``,
``/\\evil.example``, ``javascript:…`` and anything else fall back to the view's own page.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_path(candidate, request):
    """True for a path of this site (``/…``), never another host, scheme or a protocol-relative URL."""
    if not candidate or not isinstance(candidate, str):
        return False
    if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return False
    if any(ord(char) < 32 for char in candidate):
        return False
    return url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, candidate, fallback):
    """``candidate`` when it is a path of this site, else ``fallback``."""
    return candidate if is_safe_path(candidate, request) else fallback
