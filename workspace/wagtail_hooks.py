"""What the workspace plugs into Wagtail's admin and into the site's plug-in points.

The plug-in points (``entraide_…`` hooks) are described in docs/hooks.md.
"""

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from entraide.search import Provider

from . import permissions, search
from .demo import discussions as demo_discussions
from .demo import meetings as demo_meetings
from .demo import people as demo_people
from .models import Association, Discussion, NetworkSettings, Theme, Topic
from .notifications import handlers
from .views.discussions import describe_discussions, get_discussion
from .views.moderation import CommentTarget
from .views.notifications import Followable


class AssociationViewSet(SnippetViewSet):
    model = Association
    icon = "group"
    menu_label = _("Associations")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "neighbourhood", "joined_on", "left_on"]
    list_filter = ["neighbourhood"]
    search_fields = ["name", "main_activities"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("neighbourhood"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("city"),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("website")], heading=_("Contact")
        ),
        FieldPanel("main_activities"),
        MultiFieldPanel(
            [
                FieldPanel("accepts_hosting"),
                FieldPanel("room_capacity"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Hosting the network's meetings"),
        ),
        MultiFieldPanel(
            [FieldPanel("joined_on"), FieldPanel("left_on")], heading=_("Membership of the network")
        ),
    ]


register_snippet(AssociationViewSet)


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


register_snippet(ThemeViewSet)


@hooks.register("insert_editor_js")
def editor_accessibility():
    """Names for the editor's unnamed widgets (see static/js/editor-a11y.js)."""
    return format_html('<script src="{}"></script>', static("js/editor-a11y.js"))


@hooks.register("before_serve_page", order=-10)
def refuse_signed_in_outsiders(page, request, serve_args, serve_kwargs):
    """A signed-in person outside the network (a membership ended…) gets the "refused" page.

    Wagtail sends whoever fails a page's view restriction to the login page, and the login
    page sends a signed-in person straight back: a redirect loop. Anonymous visitors still
    go to the login page. (Network-only practices answer 404 earlier, in practices.)
    """
    if request.user.is_authenticated and not permissions.passes_page_restrictions(request, page):
        raise PermissionDenied


# --- The site's plug-in points (docs/hooks.md) ------------------------------------------


@hooks.register("entraide_notification_handlers")
def workspace_notification_handlers():
    return [
        handlers.AgendaPublished,
        handlers.MeetingReminder,
        handlers.MeetingChanged,
        handlers.MeetingCancelled,
        handlers.HostDeclined,
        handlers.AttendanceReminder,
        handlers.TopicProposed,
        handlers.TopicAnswered,
        handlers.CommentPosted,
        handlers.DiscussionOpened,
        handlers.DiscussionSupported,
        handlers.DiscussionComment,
        handlers.DiscussionRaised,
        handlers.DiscussionClosed,
    ]


@hooks.register("entraide_search_providers")
def workspace_search_providers():
    return [
        Provider("meeting", _("Meetings"), search.meetings, order=10),
        Provider("topic", _("Topics"), search.topics, order=20),
        Provider("discussion", _("Discussions"), search.discussions, order=60),
    ]


@hooks.register("entraide_followable")
def workspace_followable():
    return [
        Followable(Topic, permissions.can_view_topic),
        Followable(Discussion, permissions.can_view_discussion),
    ]


@hooks.register("entraide_comment_targets")
def workspace_comment_targets():
    # Topics are the moderation views' own; discussions are commented like other apps' objects.
    return [CommentTarget(Discussion, get_discussion, describe_discussions)]


# The network first, then the meetings; the minutes (20) and the practices (30) follow the
# meetings they come from, and the discussions come last (40), as the demo always loaded.
hooks.register("entraide_demo_loaders", demo_people.load, order=0)
hooks.register("entraide_demo_loaders", demo_meetings.load, order=10)
hooks.register("entraide_demo_loaders", demo_discussions.load, order=40)


@hooks.register("entraide_public_models")
def public_models():
    """What anonymous pages show of the workspace: the member associations and the themes."""
    return [Association, Theme, NetworkSettings]
