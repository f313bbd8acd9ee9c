"""The notification e-mails: French text and HTML parts, and the one-click unsubscribe link
and headers (RFC 8058) every one of them carries."""

import html

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.template.defaultfilters import linebreaks, urlize
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from .. import networks
from ..models import Category
from .preferences import unsubscribe_token


def render_subject(template_name, context):
    """A one-line, plain-text subject (templates escape HTML: undo it for text)."""
    return html.unescape("".join(loader.render_to_string(template_name, context).splitlines()))


def base_url(network=None):
    """The address of ``network`` (the current one by default): its own host, its site's
    ``root_url``. The first network (the default site) keeps ``SITE_URL``, the address the
    installation is configured with."""
    network = network or networks.current()
    if network is None or network.site.is_default_site:
        return settings.SITE_URL.rstrip("/")
    return network.site.root_url.rstrip("/")


def absolute(path, network=None):
    return base_url(network) + path


def footer(user, kind, label):
    token = unsubscribe_token(user, kind)
    url = absolute(reverse("notifications:unsubscribe", args=[token]))
    with translation.override("fr"):
        text = loader.render_to_string(
            "workspace/emails/_footer.txt",
            {
                "label": label,
                "network": networks.current(),
                "network_url": base_url() + "/",
                "unsubscribe_url": url,
                "preferences_url": absolute(reverse("notifications:preferences")),
            },
        )
    return text, url


def mail(user, subject, body, kind, label, headers=None, html=None):
    """An e-mail with its one-click unsubscribe link and headers (RFC 8058)."""
    text_footer, url = footer(user, kind, label)
    body = body.rstrip() + "\n\n" + text_footer
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            **(headers or {}),
        },
    )
    if html is None:
        html = linebreaks(urlize(escape(body), autoescape=False), autoescape=False)
    else:
        html = html + linebreaks(urlize(escape(text_footer), autoescape=False), autoescape=False)
    message.attach_alternative(f'<html lang="fr"><body>{html}</body></html>', "text/html")
    message.send()


def send_email(event, handler, user):
    subject, body = handler.render(event, user)
    with translation.override("fr"):
        label = str(Category(handler.category).label)
    mail(user, subject, body, handler.category, label, headers={"X-Entraide-Event": event.key})
