"""The minutes' signal receivers (connected when ``MinutesConfig.ready`` imports this)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Revision
from wagtail.signals import page_published, task_submitted

from workspace.models import Membership

from . import bootstrap, services
from .models import CirculationTaskState, MinutesPage


@receiver(page_published, sender=MinutesPage, dispatch_uid="minutes-published")
def sync_rows_when_minutes_are_published(sender, instance, revision=None, **kwargs):
    page = instance.specific if not isinstance(instance, MinutesPage) else instance
    services.minutes_published(page)


@receiver(post_save, sender=Revision, dispatch_uid="minutes-revision-saved")
def sync_sections_when_a_minutes_revision_is_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.content_type_id == minutes_content_type_id():
        services.revision_saved(instance)


def minutes_content_type_id():
    return ContentType.objects.get_for_model(MinutesPage).pk


@receiver(task_submitted, sender=CirculationTaskState, dispatch_uid="minutes-circulating")
def tell_attendees_when_the_draft_circulates(sender, instance, user=None, **kwargs):
    services.circulation_started(instance)


@receiver(post_save, sender=Membership, dispatch_uid="minutes-secretaries")
def sync_secretary_access_when_a_membership_changes(sender, instance, **kwargs):
    services.membership_changed(instance)


@receiver(post_migrate, sender=apps.get_app_config("minutes"), dispatch_uid="minutes-workflow")
def ensure_minutes_workflow_after_migrate(sender, **kwargs):
    bootstrap.ensure_all()
