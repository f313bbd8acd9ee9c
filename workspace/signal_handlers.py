"""The workspace's signal receivers (connected when ``WorkspaceConfig.ready`` imports this)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from . import bootstrap, networks


@receiver(post_migrate, dispatch_uid="workspace-forget-networks")
def forget_networks_after_migrate(sender, **kwargs):
    """A migrate or a flush (tests) may have replaced every network: read them again."""
    networks.forget()


@receiver(post_migrate, dispatch_uid="workspace-ensure-roles")
def bootstrap_workspace_after_migrate(sender, app_config=None, **kwargs):
    """Once every app has migrated (so permissions exist), put the role groups in place."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is not None and app_config.label == last.label:
        bootstrap.ensure_all()


@receiver(post_save, sender="workspace.Network", dispatch_uid="workspace-network-saved")
@receiver(post_delete, sender="workspace.Network", dispatch_uid="workspace-network-deleted")
@receiver(post_save, sender="wagtailcore.Site", dispatch_uid="workspace-site-saved")
@receiver(post_delete, sender="wagtailcore.Site", dispatch_uid="workspace-site-deleted")
def forget_networks(sender, **kwargs):
    """A network or a site changed: this process reads them again (``workspace.networks``)."""
    networks.forget()
