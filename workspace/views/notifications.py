"""The notification centre, preferences, following, and one-click unsubscribe."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from entraide.redirects import safe_next

from . import follows, notifications
from .decorators import login_required
from .models import Category, Mode, Notification

# Objects one may follow, and how to check that one may see them: registered by the
# apps that own them (``register_followable``).
FOLLOWABLE = {}


def register_followable(model, can_view):
    FOLLOWABLE[(model._meta.app_label, model._meta.model_name)] = (model, can_view)


@login_required
def notification_list(request):
    notifications_qs = Notification.objects.filter(user=request.user).order_by(
        "read_at", "-created_at", "-pk"
    )
    page = Paginator(notifications_qs, 50).get_page(request.GET.get("page"))
    return render(request, "workspace/notifications.html", {"page": page})


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(safe_next(request, notification.url, "/"))


@login_required
@require_POST
def notification_read(request, pk=None):
    queryset = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    count = queryset.update(read_at=timezone.now())
    if pk is None:
        messages.success(request, _("Everything is marked as read."))
    elif count == 0 and not Notification.objects.filter(user=request.user, pk=pk).exists():
        raise Http404
    return redirect("notifications:list")


class PreferencesForm(forms.Form):
    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = forms.ChoiceField(
                label=capfirst(category.label),
                choices=[(value, capfirst(label)) for value, label in Mode.choices],
                initial=current[category.value],
                widget=forms.Select,
            )


@login_required
def preferences(request):
    current = notifications.preferences_of(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        for category in Category.values:
            notifications.set_preference(request.user, category, form.cleaned_data[category])
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
    entry = FOLLOWABLE.get((app_label, model))
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
