"""Logging in with an e-mail address, and resetting a forgotten password."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from entraide.tasks import enqueue

from ..auth import MAX_PASSWORD_LENGTH
from ..tasks import send_rendered_mail


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
        user = context.pop("user")
        context["user_name"] = str(user)
        context["uid"] = str(context["uid"])
        enqueue(
            send_rendered_mail,
            subject_template_name,
            email_template_name,
            context,
            to_email,
            html_email_template_name,
        )
