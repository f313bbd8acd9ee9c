"""Authentication helpers: the password length limit and django-axes' callables.

The login and password reset forms are in ``workspace.forms.accounts``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import ngettext

# Long enough for any passphrase or password manager; a megabyte is an error, not a password.
MAX_PASSWORD_LENGTH = 4096


class MaximumLengthValidator:
    """Refuses a new password longer than ``max_length`` (every form that sets one)."""

    def __init__(self, max_length=MAX_PASSWORD_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "A password is at most %(max_length)d character.",
                    "A password is at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return ngettext(
            "Your password can have up to %(max_length)d character.",
            "Your password can have up to %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}


def axes_username(request, credentials=None):
    """django-axes keys lockouts on the e-mail address, whatever its case."""
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None:
        data = request.POST if request.method == "POST" else {}
        value = data.get("username")
    return (value or "").strip().lower() or None


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked (e-mail, IP) pair: a French page, status 429."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)
