"""How each person chose to hear about each category of event, and one-click unsubscribe.

A preference maps to channels: ``app`` (the notification centre) always, unless the person
chose "not at all", plus ``email`` at once, or a pending ``digest_daily`` /
``digest_weekly`` delivery that the digests gather.
"""

from django.core import signing

from ..models import DEFAULT_MODES, Category, Mode, Preference, User

APP, EMAIL, DAILY, WEEKLY = "app", "email", "digest_daily", "digest_weekly"
CHANNELS_BY_MODE = {
    Mode.APP: (APP,),
    Mode.EMAIL: (APP, EMAIL),
    Mode.DAILY: (APP, DAILY),
    Mode.WEEKLY: (APP, WEEKLY),
    Mode.NONE: (),
}
UNSUBSCRIBE_SALT = "entraide.notifications.unsubscribe"


def modes_for(users, category):
    """{user pk: mode} for ``category``, defaults where the person chose nothing."""
    chosen = dict(
        Preference.objects.filter(user__in=users, category=category).values_list("user_id", "mode")
    )
    default = DEFAULT_MODES[category]
    return {user.pk: chosen.get(user.pk, default) for user in users}


def preferences_of(user):
    chosen = dict(Preference.objects.filter(user=user).values_list("category", "mode"))
    return {category: chosen.get(category, DEFAULT_MODES[category]) for category in Category.values}


def set_preference(user, category, mode):
    Preference.objects.update_or_create(user=user, category=category, defaults={"mode": mode})


def unsubscribe_token(user, kind):
    """Signed, for one person and one kind (a category, or a digest)."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user, kind) or None for a forged, truncated or stale token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    kind = data.get("k")
    valid = set(Category.values) | {DAILY, WEEKLY}
    if user is None or kind not in valid:
        return None
    return user, kind


def unsubscribe(user, kind):
    """Stop the e-mails of ``kind``: they stay in the notification centre."""
    if kind in (DAILY, WEEKLY):
        mode = Mode.DAILY if kind == DAILY else Mode.WEEKLY
        categories = [c for c, m in preferences_of(user).items() if m == mode]
    else:
        categories = [kind]
    for category in categories:
        set_preference(user, category, Mode.APP)
    return categories
