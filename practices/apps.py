from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good-practice library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # apps.py is imported before the models are loaded: the receivers connect from here.
        from . import mail, signal_handlers  # noqa: F401

        mail.replace_wagtail_notifiers()
