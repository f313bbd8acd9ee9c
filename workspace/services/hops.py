"""Going to another network without signing in again.

Each network has its own host name, so its own session cookie: a person with a role in two
networks signed in on one is a stranger on the other. The header's switch therefore goes
through :func:`token` on the host the person is signed in on, and the other host signs the
same person in from it (:func:`person`), the way a password-reset link proves who you are.

A token names the person and the network it is for and is signed with the installation's
``SECRET_KEY``. It is accepted only

- on the host of that network, and only for a person who has a role there;
- for :data:`SECONDS` seconds;
- once: it holds the time of the person's last sign-in, which signing in with it changes;
- while the password is the same (it holds the session's hash of the password, so a password
  changed or reset makes every token void, as it ends every session).
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare

from .. import permissions

SALT = "entraide.network-hop"
SECONDS = 60


def _signed_in_at(user):
    return user.last_login.isoformat() if user.last_login else ""


def token(user, network):
    """A token that signs ``user`` in on ``network``'s host."""
    return signing.dumps(
        {
            "u": user.pk,
            "n": network.pk,
            "l": _signed_in_at(user),
            "h": user.get_session_auth_hash(),
        },
        salt=SALT,
    )


def person(value, network):
    """The person ``value`` signs in on ``network``, or ``None`` (forged, for another
    network, too old, already used, the password changed since, nobody there any more)."""
    if network is None or not value:
        return None
    try:
        data = signing.loads(value, salt=SALT, max_age=SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("n") != network.pk:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        return None
    if data.get("l") != _signed_in_at(user):
        return None
    if not constant_time_compare(str(data.get("h", "")), user.get_session_auth_hash()):
        return None
    if network.pk not in {found.pk for found in permissions.networks_of(user)}:
        return None
    return user
