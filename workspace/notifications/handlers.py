"""Who hears about what, for the workspace's events: meetings, topics, discussions.

The ``entraide_notification_handlers`` hook of ``workspace.wagtail_hooks`` gives these
handlers to the engine (``workspace.notifications.delivery``).
"""

from django.db.models import Q
from django_comments_xtd.models import XtdComment

from .. import permissions
from ..models import (
    Association,
    Category,
    Consultation,
    Discussion,
    DiscussionSupport,
    MeetingPage,
    MeetingStatus,
    Position,
    Role,
    Theme,
    Topic,
    TopicSupport,
    User,
)
from ..services import agenda
from ..services.memberships import coordinators, network_people
from . import follows
from .delivery import Handler
from .follows import followers, followers_of_any, unfollowed

REMINDED = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)


class MeetingHandler(Handler):
    category = Category.MEETINGS

    def url(self, event):
        meeting = self.meeting(event)
        return meeting.url if meeting else "/reunions/"

    def group(self, event):
        meeting = self.meeting(event)
        return meeting.title if meeting else ""

    def meeting(self, event):
        return self.row(MeetingPage, event, "meeting_id", "host")

    # Events about a meeting still ahead: recorded before a cancellation (or a move to
    # another date) and processed after it, they are dropped instead of misleading.
    only_while_ahead = True

    def is_current(self, event, meeting):
        if meeting is None or not meeting.live:
            return False
        if self.only_while_ahead and meeting.status not in REMINDED:
            return False
        date = event.payload.get("date")
        return date is None or date == meeting.date.isoformat()

    def recipients(self, event):
        meeting = self.meeting(event)
        return network_people() if self.is_current(event, meeting) else User.objects.none()

    def may_see(self, event, user):
        return permissions.can_view_meetings(user)

    def context(self, event, user):
        meeting = self.meeting(event)
        rows, overrun = agenda.schedule(meeting)
        agenda.add_follow_up(rows, meeting, user)
        return {"meeting": meeting, "schedule": rows, "payload": event.payload}


class AgendaPublished(MeetingHandler):
    kind = "agenda_published"


class MeetingReminder(MeetingHandler):
    kind = "meeting_reminder"

    def context(self, event, user):
        context = super().context(event, user)
        # The days actually left when the reminder was due, not the reminder's tier.
        context["days_left"] = event.payload.get("days_left", event.payload["days"])
        return context


class MeetingChanged(MeetingHandler):
    kind = "meeting_changed"


class MeetingCancelled(MeetingHandler):
    kind = "meeting_cancelled"
    only_while_ahead = False


class HostDeclined(MeetingHandler):
    kind = "host_declined"

    def recipients(self, event):
        return coordinators()

    def context(self, event, user):
        context = super().context(event, user)
        context["association"] = Association.objects.filter(
            pk=event.payload["association_id"]
        ).first()
        context["decline"] = self.meeting(event).host_declines.first()
        return context


class AttendanceReminder(MeetingHandler):
    kind = "attendance_reminder"

    def recipients(self, event):
        ids = event.payload.get("association_ids", [])
        return (
            User.objects.filter(
                is_active=True,
                memberships__ended_at__isnull=True,
                memberships__role=Role.EDITOR,
                memberships__association_id__in=ids,
            )
            .distinct()
            .order_by("pk")
        )

    def may_see(self, event, user):
        # Still an editor of one of the associations that had not answered.
        ids = set(event.payload.get("association_ids", []))
        return bool(ids & permissions.access(user).association_ids(role=Role.EDITOR))


class TopicHandler(Handler):
    category = Category.PROPOSALS

    def url(self, event):
        topic = self.topic(event)
        return topic.get_absolute_url() if topic else "/reunions/sujets/"

    def group(self, event):
        topic = self.topic(event)
        return topic.title if topic else ""

    def topic(self, event):
        return self.row(Topic, event, "topic_id", "association", "meeting")

    def may_see(self, event, user):
        topic = self.topic(event)
        return topic is not None and permissions.can_view_topic(user, topic)

    def context(self, event, user):
        return {"topic": self.topic(event), "payload": event.payload}


class TopicAnswered(TopicHandler):
    kind = "topic_answered"

    def recipients(self, event):
        topic = self.topic(event)
        if topic is None:
            return User.objects.none()
        query = Q(pk=topic.proposed_by_id)
        if topic.association_id:
            query |= Q(
                memberships__association_id=topic.association_id,
                memberships__role=Role.EDITOR,
                memberships__ended_at__isnull=True,
            )
        return User.objects.filter(query, is_active=True).distinct().order_by("pk")


class TopicProposed(TopicHandler):
    """A new proposal: the coordination hears of it at once (to answer it)."""

    kind = "topic_proposed"

    def recipients(self, event):
        topic = self.topic(event)
        if topic is None:
            return User.objects.none()
        return coordinators().exclude(pk=topic.proposed_by_id)

    def may_see(self, event, user):
        topic = self.topic(event)
        return (
            topic is not None
            and permissions.can_answer_topic(user)
            and permissions.can_view_topic(user, topic)
        )


class TopicSupported(TopicHandler):
    """Another association says "we too": the topic's association hears of it (its editors
    and whoever proposed it), unless the support was taken back meanwhile."""

    kind = "topic_supported"

    def support(self, event):
        return self.row(TopicSupport, event, "support_id", "association")

    def recipients(self, event):
        topic, support = self.topic(event), self.support(event)
        if topic is None or support is None or topic.association_id is None:
            return User.objects.none()
        query = Q(pk=topic.proposed_by_id) | Q(
            memberships__association_id=topic.association_id,
            memberships__role=Role.EDITOR,
            memberships__ended_at__isnull=True,
        )
        return (
            User.objects.filter(query, is_active=True)
            .exclude(pk=support.user_id)
            .distinct()
            .order_by("pk")
        )

    def context(self, event, user):
        return {**super().context(event, user), "support": self.support(event)}


class OnAComment:
    """Mixed into a handler of an event about a comment (``payload["comment_id"]``): it
    leads to the comment, and is seen only while the comment is visible, by whoever may see
    what it is about."""

    category = Category.COMMENTS

    def comment(self, event):
        return self.row(XtdComment, event, "comment_id", "user")

    def url(self, event):
        return f"{super().url(event)}#c{event.payload['comment_id']}"

    def may_see(self, event, user):
        comment = self.comment(event)
        return (
            comment is not None
            and comment.is_public
            and not comment.is_removed
            and super().may_see(event, user)
        )

    def context(self, event, user):
        return {**super().context(event, user), "comment": self.comment(event)}


class CommentPosted(OnAComment, TopicHandler):
    kind = "comment_posted"

    def recipients(self, event):
        """Who follows the topic (its proposer and commenters do, unless they stopped)."""
        topic, comment = self.topic(event), self.comment(event)
        if topic is None or comment is None:
            return User.objects.none()
        ids = set(followers(topic).values_list("pk", flat=True))
        if topic.proposed_by_id and not unfollowed(topic.proposed_by_id, topic):
            ids.add(topic.proposed_by_id)
        ids.discard(comment.user_id)
        return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


class DiscussionHandler(Handler):
    category = Category.DISCUSSIONS
    template_dir = "workspace/emails"

    def discussion(self, event):
        return self.row(Discussion, event, "discussion_id", "association")

    def actor_id(self, event):
        return None

    def recipients(self, event):
        """Who follows the discussion (its opener and everyone who took part, unless they stopped)."""
        discussion = self.discussion(event)
        if discussion is None:
            return User.objects.none()
        ids = set(followers(discussion).values_list("pk", flat=True))
        ids.discard(self.actor_id(event))
        return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")

    def may_see(self, event, user):
        discussion = self.discussion(event)
        return discussion is not None and permissions.can_view_discussion(user, discussion)

    def url(self, event):
        discussion = self.discussion(event)
        return discussion.get_absolute_url() if discussion else "/discussions/"

    def group(self, event):
        discussion = self.discussion(event)
        return discussion.title if discussion else ""

    def context(self, event, user):
        return {"discussion": self.discussion(event), "payload": event.payload}


class DiscussionSupported(DiscussionHandler):
    kind = "discussion_supported"

    def support(self, event):
        return self.row(DiscussionSupport, event, "support_id", "association")

    def actor_id(self, event):
        support = self.support(event)
        return support.user_id if support else None

    def context(self, event, user):
        return {**super().context(event, user), "support": self.support(event)}


class DiscussionComment(OnAComment, DiscussionHandler):
    kind = "discussion_comment"

    def actor_id(self, event):
        comment = self.comment(event)
        return comment.user_id if comment else None


class DiscussionOpened(DiscussionHandler):
    """A new discussion: everyone in the network may hear of it (a kind of its own, in the
    daily digest by default), but its opener."""

    kind = "discussion_opened"
    category = Category.NEW_DISCUSSIONS

    def recipients(self, event):
        discussion = self.discussion(event)
        if discussion is None:
            return User.objects.none()
        # Those who follow one of its themes hear of it as such (``DiscussionInTheme``).
        theme_followers = followers_of_any(discussion.themes.all()).values("pk")
        return network_people().exclude(pk=discussion.opened_by_id).exclude(pk__in=theme_followers)


class DiscussionInTheme(DiscussionHandler):
    """A new discussion in a theme one follows: its themes' followers hear of it with the
    discussions they follow (the *discussions* kind), not among all the new discussions."""

    kind = "discussion_in_theme"

    def recipients(self, event):
        discussion = self.discussion(event)
        if discussion is None:
            return User.objects.none()
        return followers_of_any(discussion.themes.all()).exclude(pk=discussion.opened_by_id)

    def context(self, event, user):
        discussion = self.discussion(event)
        themes = list(discussion.themes.all()) if discussion else []
        followed = follows.followed_ids(user, Theme)
        return {
            "discussion": discussion,
            "themes": [t.name for t in ([t for t in themes if t.pk in followed] or themes)],
        }


class DiscussionRaised(DiscussionHandler):
    kind = "discussion_raised"


class DiscussionClosed(DiscussionHandler):
    kind = "discussion_closed"


class ConsultationHandler(Handler):
    """A consultation on a decision: heard by whoever may see its topic."""

    category = Category.CONSULTATIONS

    def consultation(self, event):
        return self.row(Consultation, event, "consultation_id", "topic", "meeting")

    def url(self, event):
        consultation = self.consultation(event)
        return consultation.get_absolute_url() if consultation else "/reunions/sujets/"

    def group(self, event):
        consultation = self.consultation(event)
        return consultation.subject[:300] if consultation else ""

    def may_see(self, event, user):
        consultation = self.consultation(event)
        return consultation is not None and permissions.can_view_consultation(user, consultation)

    def context(self, event, user):
        return {"consultation": self.consultation(event), "payload": event.payload}


class ConsultationOpened(ConsultationHandler):
    """The coordination asks for positions: every association's editors hear of it."""

    kind = "consultation_opened"

    def recipients(self, event):
        consultation = self.consultation(event)
        if consultation is None:
            return User.objects.none()
        return (
            User.objects.filter(
                is_active=True,
                memberships__ended_at__isnull=True,
                memberships__role=Role.EDITOR,
                memberships__association__in=Association.objects.active(),
            )
            .exclude(pk=consultation.opened_by_id)
            .distinct()
            .order_by("pk")
        )


class PositionTaken(ConsultationHandler):
    """An association took (or changed) its position: the coordination and the topic's
    association (its proposer and editors) hear of it, not who gave it."""

    kind = "position_taken"

    def position(self, event):
        return self.row(Position, event, "position_id", "association", "author")

    def recipients(self, event):
        consultation, position = self.consultation(event), self.position(event)
        if consultation is None or position is None:
            return User.objects.none()
        ids = set(coordinators().values_list("pk", flat=True))
        topic = consultation.topic
        if topic is not None:
            if topic.proposed_by_id:
                ids.add(topic.proposed_by_id)
            if topic.association_id:
                ids.update(
                    User.objects.filter(
                        memberships__association_id=topic.association_id,
                        memberships__role=Role.EDITOR,
                        memberships__ended_at__isnull=True,
                    ).values_list("pk", flat=True)
                )
        ids.discard(position.author_id)
        return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")

    def context(self, event, user):
        return {
            **super().context(event, user),
            "position": self.position(event),
            "reason_only": event.payload.get("reason_only", False),
        }
