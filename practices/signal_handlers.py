"""The library's signal receivers (connected when ``PracticesConfig.ready`` imports this)."""

from django.apps import apps
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, task_rejected, task_submitted

from workspace.models import Membership

from . import bootstrap, services
from .models import PracticePage


@receiver(page_published, sender=PracticePage, dispatch_uid="practice-published")
def sync_readers_when_a_practice_is_published(sender, instance, revision=None, **kwargs):
    """The page view restriction follows the published version's readers."""
    bootstrap.sync_restriction(
        instance.specific if not hasattr(instance, "visibility") else instance
    )


@receiver(page_published, sender=PracticePage, dispatch_uid="practice-reviewed")
def tell_the_association_a_practice_is_published(sender, instance, revision=None, **kwargs):
    if revision is not None:
        services.practice_published(instance, revision)


@receiver(task_rejected, dispatch_uid="practice-sent-back")
def tell_the_association_a_practice_is_sent_back(sender, instance, user=None, **kwargs):
    """A reviewer asked for changes (Wagtail's ``task_rejected``, for any page: practices only)."""
    page = instance.workflow_state.content_object
    if isinstance(getattr(page, "specific", None), PracticePage):
        services.practice_sent_back(instance, user)


@receiver(task_submitted, dispatch_uid="practice-submitted")
def tell_the_coordination_a_practice_waits(sender, instance, user=None, **kwargs):
    """A practice's review task started (Wagtail's ``task_submitted``, for any page)."""
    page = instance.workflow_state.content_object
    if isinstance(getattr(page, "specific", None), PracticePage):
        services.practice_submitted(instance, user)


@receiver(post_save, sender=Membership, dispatch_uid="practices-writers")
def sync_writers_when_a_membership_changes(sender, instance, **kwargs):
    bootstrap.sync_writer(instance.user)


@receiver(post_migrate, dispatch_uid="practices-setup")
def bootstrap_library_after_migrate(sender, app_config=None, **kwargs):
    """Once every app has migrated and the home page exists, put the library in place."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is not None and app_config.label == last.label:
        bootstrap.ensure_all()
