from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = _("Network workspace")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import events, search  # noqa: F401 - registers notification handlers, search providers
        from .comments import register_target
        from .models import Discussion, Topic
        from .permissions import can_view_discussion, can_view_topic
        from .views_discussions import get_discussion
        from .views_notifications import register_followable

        register_followable(Topic, can_view_topic)
        register_followable(Discussion, can_view_discussion)
        register_target(
            Discussion,
            get_discussion,
            lambda pks: {
                d.pk: {"title": d.title, "url": d.get_absolute_url()}
                for d in Discussion.objects.filter(pk__in=pks)
            },
        )

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="workspace-ensure-roles")


def ensure_roles_after_migrate(sender, app_config=None, **kwargs):
    """Once every app has migrated (so permissions exist), put the role groups in place."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is not None and app_config.label == last.label:
        from entraide.setup import ensure_home_page

        from .setup import ensure_pages, ensure_roles, ensure_themes

        ensure_home_page()
        ensure_roles()
        ensure_pages()
        ensure_themes()
