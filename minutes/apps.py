from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Minutes, decisions and action items")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # apps.py is imported before the models are loaded: the receivers connect from here.
        from . import signal_handlers  # noqa: F401
