"""Access decorators of the views: signed in, in the network, the coordinator."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .. import permissions


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


network_member_required = _require(permissions.is_network_member)
coordinator_required = _require(permissions.is_coordinator)
login_required = _require(lambda user: True)
