"""Who hears about questions, adoptions and reviews of practices (see
``workspace.notifications``); the ``entraide_notification_handlers`` hook of
``practices.wagtail_hooks`` gives these handlers."""

from django.db.models import Q
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from workspace.models import Category, Role, Theme, User
from workspace.notifications import Handler
from workspace.notifications.follows import followed_ids, followers, followers_of_any
from workspace.services.comments import thread_queryset
from workspace.services.memberships import coordinators

from . import permissions
from .models import Adoption, PracticePage


def authoring_people(practice):
    """The association that runs the practice: its editors, and whoever wrote the page.

    A practice of the CCAS goes to the coordination.
    """
    if practice.association_id is None:
        ids = set(coordinators().values_list("pk", flat=True))
    else:
        ids = set(
            User.objects.filter(
                memberships__association_id=practice.association_id,
                memberships__role=Role.EDITOR,
                memberships__ended_at__isnull=True,
            ).values_list("pk", flat=True)
        )
    if practice.owner_id:
        ids.add(practice.owner_id)
    return ids


class PracticeHandler(Handler):
    template_dir = "practices/emails"
    category = Category.PRACTICES

    def url(self, event):
        practice = self.practice(event)
        return practice.url if practice else "/pratiques/"

    def group(self, event):
        practice = self.practice(event)
        return practice.title if practice else ""

    def practice(self, event):
        return self.row(PracticePage.objects.live(), event, "practice_id", "association")

    def may_see(self, event, user):
        practice = self.practice(event)
        return practice is not None and permissions.can_view(user, practice)

    def context(self, event, user):
        return {"practice": self.practice(event), "payload": event.payload}


class PracticeQuestion(PracticeHandler):
    """A question or an answer: the authoring association, and the others in the thread."""

    kind = "practice_question"

    def comment(self, event):
        return self.row(XtdComment, event, "comment_id", "user")

    def recipients(self, event):
        practice, comment = self.practice(event), self.comment(event)
        if practice is None or comment is None:
            return User.objects.none()
        ids = authoring_people(practice)
        thread = thread_queryset(practice).filter(
            Q(thread_id=comment.thread_id) | Q(pk=comment.parent_id)
        )
        ids |= set(thread.values_list("user_id", flat=True))
        # ... and whoever follows the practice.
        ids |= set(followers(practice).values_list("pk", flat=True))
        ids.discard(comment.user_id)
        ids.discard(None)
        return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")

    def may_see(self, event, user):
        comment = self.comment(event)
        practice = self.practice(event)
        return (
            comment is not None
            and comment.is_public
            and not comment.is_removed
            and practice is not None
            and permissions.can_read_comments(user, practice)
        )

    def context(self, event, user):
        context = super().context(event, user)
        comment = self.comment(event)
        context["comment"] = comment
        context["is_answer"] = comment.level > 0
        return context


class PracticeAdopted(PracticeHandler):
    kind = "practice_adopted"

    def adoption(self, event):
        # The adopting association may belong to another network (practices from elsewhere).
        return self.row(Adoption.objects.everywhere(), event, "adoption_id", "association")

    def recipients(self, event):
        practice, adoption = self.practice(event), self.adoption(event)
        if practice is None or adoption is None:
            return User.objects.none()
        ids = authoring_people(practice)
        ids.discard(adoption.created_by_id)
        return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")

    def context(self, event, user):
        context = super().context(event, user)
        context["adoption"] = self.adoption(event)
        context["from_network"] = event.payload.get("from_network", "")
        return context


class PracticeReviewed(PracticeHandler):
    """The coordination's answer to a submitted practice: changes requested, or published.

    It goes to the authoring association (its editors and the page's author), like the
    answer to a proposal, and in the same category of preferences.
    """

    kind = "practice_reviewed"
    category = Category.PROPOSALS

    def practice(self, event):
        return self.row(PracticePage, event, "practice_id", "association")

    def published(self, event):
        return event.payload["outcome"] == "published"

    def url(self, event):
        practice = self.practice(event)
        if practice is None:
            return "/pratiques/"
        if self.published(event):
            return practice.url
        return reverse("wagtailadmin_pages:edit", args=[practice.pk])

    def recipients(self, event):
        practice = self.practice(event)
        if practice is None:
            return User.objects.none()
        ids = authoring_people(practice)
        ids.discard(event.payload.get("reviewer_id"))
        return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")

    def may_see(self, event, user):
        practice = self.practice(event)
        if practice is None:
            return False
        if self.published(event):
            return permissions.can_view(user, practice)
        return permissions.can_edit(user, practice)

    def context(self, event, user):
        context = super().context(event, user)
        context["published"] = self.published(event)
        context["comment"] = event.payload.get("comment", "")
        context["practice_link"] = self.url(event)
        return context


class PracticeInTheme(PracticeHandler):
    """A practice published in a theme one follows: its themes' followers hear of it (the
    *practices* kind), but its authoring association, which hears of the publication."""

    kind = "practice_in_theme"

    def recipients(self, event):
        practice = self.practice(event)
        if practice is None:
            return User.objects.none()
        return followers_of_any(practice.themes.all()).exclude(pk__in=authoring_people(practice))

    def context(self, event, user):
        context = super().context(event, user)
        practice = context["practice"]
        themes = list(practice.themes.all()) if practice else []
        followed = followed_ids(user, Theme)
        context["themes"] = [t.name for t in ([t for t in themes if t.pk in followed] or themes)]
        return context


class PracticeSubmitted(PracticeHandler):
    """A practice waits for review: the coordination hears of it at once (the *proposals*
    kind, like a new topic proposal), with a link to its review in the editor."""

    kind = "practice_submitted"
    category = Category.PROPOSALS

    def practice(self, event):
        return self.row(PracticePage, event, "practice_id", "association")

    def url(self, event):
        practice = self.practice(event)
        # Its review: the practice in the editor, with "approve" and "request changes".
        return reverse("wagtailadmin_pages:edit", args=[practice.pk]) if practice else "/pratiques/"

    def recipients(self, event):
        return coordinators().exclude(pk=event.payload.get("submitter_id"))

    def may_see(self, event, user):
        practice = self.practice(event)
        return practice is not None and permissions.can_approve(user)

    def context(self, event, user):
        context = super().context(event, user)
        context["review_link"] = self.url(event)
        return context
