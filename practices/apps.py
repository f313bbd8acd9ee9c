from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good-practice library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, task_rejected

        from workspace import comments
        from workspace import extensions as workspace_extensions
        from workspace.models import Membership

        from . import (
            events,  # registers the notification handlers
            search,
            setup,
            views,
        )
        from .models import PracticePage

        page_published.connect(
            setup.practice_published, sender=PracticePage, dispatch_uid="practice-published"
        )
        page_published.connect(
            events.practice_published, sender=PracticePage, dispatch_uid="practice-reviewed"
        )
        task_rejected.connect(events.practice_sent_back, dispatch_uid="practice-sent-back")
        from .mail import replace_wagtail_notifiers

        replace_wagtail_notifiers()
        post_save.connect(
            setup.membership_saved, sender=Membership, dispatch_uid="practices-writers"
        )
        post_migrate.connect(ensure_after_migrate, dispatch_uid="practices-setup")
        workspace_extensions.association_page.append(views.association_practices)
        workspace_extensions.attention.append(views.attention)
        comments.register_target(PracticePage, views.comment_target, views.describe_comment_targets)
        from workspace.views_notifications import register_followable

        from .permissions import can_view

        register_followable(PracticePage, can_view)
        search.register_provider()


def ensure_after_migrate(sender, app_config=None, **kwargs):
    """Once every app has migrated and the home page exists, put the library in place."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is not None and app_config.label == last.label:
        from .setup import ensure_all

        ensure_all()
