from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Minutes, decisions and action items")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from . import events, search  # noqa: F401 - registers notification handlers, search providers
        from .models import MinutesPage
        from .services import on_published

        page_published.connect(on_published, sender=MinutesPage, dispatch_uid="minutes-published")
        from django.db.models.signals import post_save

        from workspace.models import Membership

        from .services import membership_saved

        post_save.connect(membership_saved, sender=Membership, dispatch_uid="minutes-secretaries")

        from workspace import extensions as workspace_extensions

        from . import extensions

        workspace_extensions.meeting_page.append(extensions.meeting_page)
        workspace_extensions.association_page.append(extensions.association_page)
        workspace_extensions.follow_up.append(extensions.follow_up)
        workspace_extensions.attention.append(extensions.attention)
        workspace_extensions.attention.append(extensions.workflow_attention)
        post_migrate.connect(
            ensure_workflow_after_migrate, sender=self, dispatch_uid="minutes-workflow"
        )


def ensure_workflow_after_migrate(sender, **kwargs):
    from .services import ensure_workflow

    ensure_workflow()
