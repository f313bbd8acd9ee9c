"""Authentication helpers shared by the login forms and django-axes."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
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


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Check them and try again "
            "(the password is case-sensitive)."
        ),
        "inactive": _("This account is inactive."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail through Celery, after the request's transaction.

    The answer to the browser is the same whether the address is known or not.
    """

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args, request=None, domain_override=None, **kwargs):
        # The link uses the host the person reached us on (checked by ALLOWED_HOSTS),
        # not the placeholder domain of django.contrib.sites.
        if domain_override is None and request is not None:
            domain_override = request.get_host()
        return super().save(*args, request=request, domain_override=domain_override, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from .tasks import send_rendered_mail

        user = context.pop("user")
        context["user_name"] = str(user)
        context["uid"] = str(context["uid"])
        from entraide.tasks import enqueue

        enqueue(
            send_rendered_mail,
            subject_template_name,
            email_template_name,
            context,
            to_email,
            html_email_template_name,
        )


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked (e-mail, IP) pair: a French page, status 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)
