from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntraideConfig(AppConfig):
    name = "entraide"
    label = "entraide"
    verbose_name = _("Entraide site")
    default_auto_field = "django.db.models.BigAutoField"
