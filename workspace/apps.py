from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = _("Network workspace")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # apps.py is imported before the models are loaded: the receivers connect from here.
        from . import signal_handlers  # noqa: F401
