"""What the needs and offers board tells: a new post to the people who follow its
category, an answer to the poster and the editors of the poster's association."""

from django.db.models import Q
from django.urls import reverse

from .. import permissions
from ..models import Answer, Category, Membership, Post, Role, User
from .delivery import Handler


class BoardHandler(Handler):
    template_dir = "workspace/emails"

    def post(self, event):
        return self.row(Post, event, "post_id", "association")

    def url(self, event):
        post = self.post(event)
        return post.get_absolute_url() if post else reverse("board:list")

    def group(self, event):
        post = self.post(event)
        return post.title if post else ""


class PostCreated(BoardHandler):
    """A new need or offer: whoever follows its category, while it is open."""

    kind = "board_post_created"
    category = Category.BOARD_POSTS

    def recipients(self, event):
        post = self.post(event)
        if post is None or not post.is_open:
            return User.objects.none()
        return (
            User.objects.filter(board_follows__category=post.category, is_active=True)
            .exclude(pk=post.created_by_id)
            .order_by("pk")
        )

    def may_see(self, event, user):
        post = self.post(event)
        return post is not None and post.is_open and permissions.can_view_board(user)

    def context(self, event, user):
        return {"post": self.post(event)}


class AnswerPosted(BoardHandler):
    """An answer: the person who posted (while still in the association) and the
    association's editors, but not the one who answered."""

    kind = "board_answer_posted"
    category = Category.BOARD_ANSWERS

    def answer(self, event):
        return self.row(Answer, event, "answer_id", "association", "post", "post__association")

    def recipients(self, event):
        answer = self.answer(event)
        if answer is None:
            return User.objects.none()
        post = answer.post
        members = Membership.objects.active().filter(association_id=post.association_id)
        query = Q(pk__in=members.filter(role=Role.EDITOR).values("user_id"))
        if post.created_by_id:
            query |= Q(pk=post.created_by_id, pk__in=members.values("user_id"))
        return User.objects.filter(query, is_active=True).exclude(pk=answer.user_id).order_by("pk")

    def may_see(self, event, user):
        answer = self.answer(event)
        return answer is not None and permissions.can_read_answer(user, answer, answer.post)

    def context(self, event, user):
        answer = self.answer(event)
        return {"answer": answer, "post": answer.post if answer else None}

    def url(self, event):
        return f"{super().url(event)}#reponse-{event.payload['answer_id']}"


class PostFinished(BoardHandler):
    """A post marked matched or closed (by hand or when its date passed): the associations
    that answered it (whoever answered, while still in it, and its editors), not the one
    who marked it."""

    kind = "board_post_finished"
    category = Category.BOARD_ANSWERS

    def recipients(self, event):
        post = self.post(event)
        if post is None or post.is_open:
            return User.objects.none()
        answers = Answer.objects.filter(post=post).exclude(association_id=post.association_id)
        members = Membership.objects.active().filter(
            association_id__in=answers.values("association_id")
        )
        # Whoever answered (while still in that association) and its editors.
        query = Q(pk__in=members.filter(role=Role.EDITOR).values("user_id")) | Q(
            pk__in=answers.filter(user_id__in=members.values("user_id")).values("user_id")
        )
        users = User.objects.filter(query, is_active=True)
        by = event.payload.get("by_user_id")
        if by:
            users = users.exclude(pk=by)
        return users.order_by("pk")

    def may_see(self, event, user):
        post = self.post(event)
        return post is not None and permissions.can_view_board(user)

    def context(self, event, user):
        return {"post": self.post(event)}
