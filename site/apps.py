from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntraideConfig(AppConfig):
    name = "entraide"
    label = "entraide"
    verbose_name = _("Entraide site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # apps.py is imported before the models are loaded: the receivers connect from here.
        from . import readercache, signal_handlers  # noqa: F401
