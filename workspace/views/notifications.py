"""The notification centre, preferences, following, and one-click unsubscribe."""

from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail import hooks

from entraide.redirects import safe_next

from .. import networks, notifications, permissions
from ..forms.notifications import PreferencesForm
from ..models import Category, Notification, Theme
from ..notifications import centre, follows
from .decorators import login_required


class Followable(NamedTuple):
    """A model one may follow (what ``entraide_followable`` hooks return)."""

    model: type
    # can_view(user, obj): whether the person may see ``obj`` (else following it is a 404).
    can_view: Callable


def followable():
    """{(app label, model name): Followable} from every app's ``entraide_followable`` hook."""
    return {
        (entry.model._meta.app_label, entry.model._meta.model_name): entry
        for hook in hooks.get_hooks("entraide_followable")
        for entry in hook()
    }


@login_required
def notification_list(request):
    # Every network's notices of the person, each saying its network when it is not this one.
    notifications_qs = (
        Notification.objects.filter(user=request.user)
        .select_related("event__network")
        .order_by("read_at", "-created_at", "-pk")
    )
    page = Paginator(notifications_qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/notifications.html",
        {"page": page, "current_network": networks.current()},
    )


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(
        Notification.objects.select_related("event__network__site"), pk=pk, user=request.user
    )
    centre.mark_read(notification)
    network = notification.event.network if notification.event_id else None
    current = networks.current()
    if network is not None and current is not None and network.pk != current.pk:
        # A notice of another network opens on that network's own host (the path was
        # written by the server, never typed by the visitor).
        path = notification.url if notification.url.startswith("/") else "/"
        return redirect(network.site.root_url.rstrip("/") + path)
    return redirect(safe_next(request, notification.url, "/"))


@login_required
@require_POST
def notification_read(request, pk=None):
    count = centre.mark_all_read(request.user, pk)
    if pk is None:
        messages.success(request, _("Everything is marked as read."))
    elif count == 0 and not Notification.objects.filter(user=request.user, pk=pk).exists():
        raise Http404
    return redirect("notifications:list")


@login_required
def preferences(request):
    current = notifications.preferences_of(request.user)
    themes = (
        Theme.objects.filter(pk__in=follows.followed_ids(request.user, Theme))
        if permissions.is_network_member(request.user)
        else None
    )
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, current=current, themes=themes
    )
    if request.method == "POST" and form.is_valid():
        for category in Category.values:
            notifications.set_preference(request.user, category, form.cleaned_data[category])
        if "themes" in form.fields:
            follows.set_followed(request.user, Theme, form.cleaned_data["themes"])
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "workspace/notification_preferences.html", {"form": form})


@csrf_exempt
def unsubscribe(request, token):
    """From the e-mail's link: a page with a button, or a one-click POST (RFC 8058).

    Works without logging in; the signed token names one person and one kind.
    """
    found = notifications.read_unsubscribe_token(token)
    if found is None:
        return render(request, "workspace/unsubscribe.html", {"invalid": True}, status=400)
    user, kind = found
    labels = dict(Category.choices)
    label = labels.get(kind) or (
        _("daily digest") if kind == notifications.DAILY else _("weekly digest")
    )
    if request.method == "POST":
        notifications.unsubscribe(user, kind)
        return render(
            request, "workspace/unsubscribe.html", {"done": True, "label": label, "person": user}
        )
    return render(
        request, "workspace/unsubscribe.html", {"label": label, "person": user, "token": token}
    )


@login_required
@require_POST
def toggle_follow(request, app_label, model, pk):
    entry = followable().get((app_label, model))
    if entry is None:
        raise Http404
    model_class, can_view = entry
    obj = model_class.objects.filter(pk=pk).first()
    if obj is None or not can_view(request.user, obj):
        # Following what one may not see: as if it did not exist.
        raise Http404
    if request.POST.get("follow") == "1":
        follows.follow(request.user, obj)
        messages.success(request, _("You follow it: you will hear about what happens."))
    else:
        follows.unfollow(request.user, obj)
        messages.success(request, _("You no longer follow it."))
    fallback = (
        obj.get_absolute_url()
        if hasattr(obj, "get_absolute_url")
        else reverse("notifications:list")
    )
    return redirect(safe_next(request, request.POST.get("next", ""), fallback))
