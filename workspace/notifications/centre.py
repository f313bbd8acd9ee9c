"""The notification centre: what a person has read."""

from django.utils import timezone

from ..models import Notification


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user, pk=None):
    """Mark the person's unread notifications read (only ``pk`` when given); how many."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    return queryset.update(read_at=timezone.now())
