"""The notification centre: what a person has read."""

from django.utils import timezone

from ..models import Notification


def unread_count(user):
    """How many notifications the person has not read, counted once per request user (the
    header and the workspace home both show it)."""
    cached = getattr(user, "_entraide_unread", None)
    if cached is None:
        cached = Notification.objects.filter(user=user, read_at__isnull=True).count()
        user._entraide_unread = cached
    return cached


def _forget_count(user):
    if hasattr(user, "_entraide_unread"):
        del user._entraide_unread


def mark_read(notification):
    user = notification._state.fields_cache.get("user")  # only if loaded: no query
    if user is not None:
        _forget_count(user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user, pk=None):
    """Mark the person's unread notifications read (only ``pk`` when given); how many."""
    _forget_count(user)
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    return queryset.update(read_at=timezone.now())
