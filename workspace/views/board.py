"""The needs and offers board, under /coups-de-main/ (network members only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..filters.board import BoardFilter
from ..forms.board import AnswerForm, FollowCategoriesForm, MatchForm, PostForm
from ..models import Post, PostKind
from ..services import board
from .decorators import network_member_required

LIST_LIMIT = 100


def get_post(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("association", "matched_with", "created_by"), pk=pk
    )
    if not permissions.can_view_board(request.user):
        raise Http404
    return post


@network_member_required
def board_list(request):
    user = request.user
    mine = permissions.access(user).association_ids()
    queryset = (
        Post.objects.select_related("association", "matched_with")
        .annotate(answer_count=Count("answers"))
        .order_by("until", "-created_at", "-pk")
    )
    board_filter = BoardFilter(request.GET or None, queryset=queryset)
    posts = list(board_filter.qs[:LIST_LIMIT])
    for post in posts:
        # The number of answers is the poster's business (and the coordination's).
        post.show_answers = permissions.is_coordinator(user) or post.association_id in mine
    followed = board.followed_categories(user)
    return render(
        request,
        "workspace/board/list.html",
        {
            "filter": board_filter,
            "posts": posts,
            "limit": LIST_LIMIT,
            "can_post": permissions.can_post_on_board(user),
            "follow_form": FollowCategoriesForm(initial={"categories": followed}),
            "followed": followed,
        },
    )


@network_member_required
def new_post(request):
    user = request.user
    if not permissions.can_post_on_board(user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("type") in PostKind.values:
        initial["kind"] = request.GET["type"]
    form = PostForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        associations=permissions.board_associations(user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        post = board.create_post(
            user,
            association=data["association"],
            kind=data["kind"],
            category=data["category"],
            title=data["title"],
            description=data["description"],
            quantity=data["quantity"],
            unit=data["unit"],
            place=data["place"],
            until=data["until"],
        )
        messages.success(
            request,
            _("Your post is on the board: the associations that follow its category hear of it."),
        )
        return redirect(post.get_absolute_url())
    return render(request, "workspace/board/form.html", {"form": form})


def detail_context(request, post, answer_form=None, match_form=None):
    user = request.user
    answering = permissions.answering_associations(user, post)
    can_manage = permissions.can_manage_post(user, post)
    answers = list(permissions.visible_answers(user, post).select_related("association", "user"))
    answered = {a.association_id for a in answers}
    is_poster = post.association_id in permissions.access(user).association_ids()
    return {
        "post": post,
        "answers": answers,
        "is_poster": is_poster,
        # Those who read every answer see how many there are.
        "show_count": is_poster or permissions.is_coordinator(user),
        "already_answered": [a for a in answering if a.pk in answered],
        "answer_form": answer_form or (AnswerForm(associations=answering) if answering else None),
        "can_manage": can_manage,
        "match_form": match_form or (MatchForm(post=post) if can_manage else None),
    }


@network_member_required
def post_detail(request, pk):
    post = get_post(request, pk)
    return render(request, "workspace/board/detail.html", detail_context(request, post))


@network_member_required
@require_POST
def answer(request, pk):
    post = get_post(request, pk)
    associations = permissions.answering_associations(request.user, post)
    if not associations:
        if not post.is_open:
            messages.info(request, _("This post is no longer open: it takes no more answers."))
            return redirect(post.get_absolute_url())
        raise PermissionDenied
    form = AnswerForm(request.POST, associations=associations)
    if not form.is_valid():
        return render(
            request,
            "workspace/board/detail.html",
            detail_context(request, post, answer_form=form),
        )
    row = board.answer_post(
        post, request.user, form.cleaned_data["association"], form.cleaned_data["message"]
    )
    messages.success(
        request,
        _(
            "Your answer is sent to %(association)s: only it, your association and the "
            "coordination read it."
        )
        % {"association": post.association.name},
    )
    return redirect(f"{post.get_absolute_url()}#reponse-{row.pk}")


@network_member_required
@require_POST
def mark_matched(request, pk):
    post = get_post(request, pk)
    if not permissions.can_manage_post(request.user, post):
        if not post.is_open:
            messages.info(request, _("This post is already matched or closed."))
            return redirect(post.get_absolute_url())
        raise PermissionDenied
    form = MatchForm(request.POST, post=post)
    if not form.is_valid():
        return render(
            request,
            "workspace/board/detail.html",
            detail_context(request, post, match_form=form),
        )
    board.mark_matched(post, request.user, form.cleaned_data["matched_with"])
    messages.success(request, _("The post is marked matched: thank you for saying so."))
    return redirect(post.get_absolute_url())


@network_member_required
@require_POST
def close(request, pk):
    post = get_post(request, pk)
    if not permissions.can_manage_post(request.user, post):
        if not post.is_open:
            messages.info(request, _("This post is already matched or closed."))
            return redirect(post.get_absolute_url())
        raise PermissionDenied
    board.close_post(post, request.user)
    messages.success(request, _("The post is closed."))
    return redirect(post.get_absolute_url())


@network_member_required
@require_POST
def follow_categories(request):
    if not permissions.can_follow_board_categories(request.user):
        raise PermissionDenied
    form = FollowCategoriesForm(request.POST)
    categories = form.cleaned_data["categories"] if form.is_valid() else None
    if categories is None:
        messages.error(request, _("Choose among the categories of the board."))
        return redirect("board:list")
    board.set_followed_categories(request.user, categories)
    if categories:
        messages.success(
            request,
            _("Noted: you will hear of new posts in the categories you chose."),
        )
    else:
        messages.success(request, _("Noted: you follow no category of the board any more."))
    return redirect("board:list")
