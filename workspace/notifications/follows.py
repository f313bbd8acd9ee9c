"""Following topics, discussions and practices."""

from django.contrib.contenttypes.models import ContentType

from ..models import Follow, User


def _key(obj):
    return ContentType.objects.get_for_model(obj), obj.pk


def follow(user, obj, explicit=True):
    """Follow ``obj``. Without ``explicit`` (created it, commented), an earlier
    explicit unfollow is respected."""
    content_type, object_id = _key(obj)
    existing = Follow.objects.filter(
        user=user, content_type=content_type, object_id=object_id
    ).first()
    if existing is None:
        return Follow.objects.create(
            user=user, content_type=content_type, object_id=object_id, active=True
        )
    if explicit and not existing.active:
        existing.active = True
        existing.save(update_fields=["active"])
    return existing


def unfollow(user, obj):
    content_type, object_id = _key(obj)
    Follow.objects.update_or_create(
        user=user, content_type=content_type, object_id=object_id, defaults={"active": False}
    )


def is_following(user, obj):
    if not user.is_authenticated:
        return False
    content_type, object_id = _key(obj)
    return Follow.objects.filter(
        user=user, content_type=content_type, object_id=object_id, active=True
    ).exists()


def followers(obj):
    content_type, object_id = _key(obj)
    return User.objects.filter(
        follows__content_type=content_type,
        follows__object_id=object_id,
        follows__active=True,
        is_active=True,
    ).order_by("pk")


def unfollowed(user_id, obj):
    """Did the person explicitly stop following ``obj``?"""
    content_type, object_id = _key(obj)
    return Follow.objects.filter(
        user_id=user_id, content_type=content_type, object_id=object_id, active=False
    ).exists()


# --- Themes -------------------------------------------------------------------------------
# A theme is followed like a thread (a ``Follow`` row on the theme): its followers hear of
# each new discussion and each newly published practice in it.


def followed_ids(user, model):
    """The pks of the ``model`` objects ``user`` follows."""
    if not user.is_authenticated:
        return set()
    return set(
        Follow.objects.filter(
            user=user, content_type=ContentType.objects.get_for_model(model), active=True
        ).values_list("object_id", flat=True)
    )


def set_followed(user, model, objects):
    """``user`` follows exactly ``objects`` among the ``model`` objects (the others are
    unfollowed: an explicit choice, kept)."""
    wanted = {obj.pk: obj for obj in objects}
    current = followed_ids(user, model)
    for pk, obj in wanted.items():
        if pk not in current:
            follow(user, obj)
    for obj in model.objects.filter(pk__in=current - set(wanted)):
        unfollow(user, obj)


def followers_of_any(objects):
    """Everyone who follows at least one of ``objects`` (all of one model)."""
    objects = list(objects)
    if not objects:
        return User.objects.none()
    return (
        User.objects.filter(
            follows__content_type=ContentType.objects.get_for_model(objects[0]),
            follows__object_id__in=[obj.pk for obj in objects],
            follows__active=True,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
