from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workspace import permissions


def shell(request):
    """Navigation of the header, by what the signed-in person may use."""
    user = getattr(request, "user", None)
    nav = [{"url": "/", "label": _("Home"), "key": "home"}]
    if user is not None and user.is_authenticated:
        access = permissions.access(user)
        nav.append(
            {"url": reverse("workspace:home"), "label": _("My workspace"), "key": "workspace"}
        )
        if access.is_coordinator:
            nav.append(
                {"url": reverse("workspace:memberships"), "label": _("Members"), "key": "members"}
            )
            nav.append(
                {
                    "url": reverse("workspace:invitations"),
                    "label": _("Invitations"),
                    "key": "invitations",
                }
            )
            nav.append(
                {"url": reverse("wagtailadmin_home"), "label": _("Administration"), "key": "admin"}
            )
    return {"nav_items": nav, "footer_credit": _footer_credit(request)}


def _footer_credit(request):
    from .models import HomePage

    home = HomePage.objects.live().only("credit").first()
    return home.credit if home else ""
