"""Who may do what in the network workspace.

Views, templates (through ``shell`` context), search, feeds and exports all ask
these functions; nothing else checks ``is_staff`` or group names. The answers are
computed once per request user and kept on the user object.
"""

from datetime import timedelta
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page

from . import networks, roles
from .models import (
    FIELDS_BY_KEY,
    LEVEL_RANK,
    SHEET_FIELDS,
    Answer,
    Association,
    DiscussionStatus,
    Level,
    Membership,
    Role,
    Topic,
)
from .models.topics import EDITABLE, NETWORK_VISIBLE, SUPPORTABLE


class Access:
    """What one user is in one network, computed with two queries and then cached.

    The network is the current one (``workspace.networks``): a coordinator or an agent of
    one network is nobody in another, and memberships count in their association's network.
    """

    def __init__(self, user, network=None):
        self.user = user
        self.network = network

    @cached_property
    def groups(self):
        if not self.user.is_authenticated:
            return frozenset()
        # Prefetched on the user: Wagtail's view restrictions read ``user.groups.all()``
        # again for every restricted page, which then costs no query.
        prefetch_related_objects([self.user], "groups")
        return frozenset(group.name for group in self.user.groups.all())

    @cached_property
    def memberships(self):
        if not self.user.is_authenticated or not self.user.is_active:
            return []
        everywhere = all_memberships(self.user)
        if self.network is None:
            return everywhere
        return [m for m in everywhere if m.association.network_id == self.network.pk]

    @cached_property
    def active_memberships(self):
        return [m for m in self.memberships if m.association.is_active]

    @property
    def is_coordinator(self):
        return (
            self.user.is_authenticated
            and self.user.is_active
            and (self.user.is_superuser or self._group_name("coordinators") in self.groups)
        )

    def _group_name(self, role):
        if self.network is None:
            return {
                "coordinators": roles.COORDINATORS,
                "orientation_agents": roles.ORIENTATION_AGENTS,
            }[role]
        return getattr(self.network, role).name

    @property
    def is_orientation_agent(self):
        return (
            self.user.is_authenticated
            and self.user.is_active
            and self._group_name("orientation_agents") in self.groups
        )

    @property
    def is_network_member(self):
        return self.is_coordinator or self.is_orientation_agent or bool(self.active_memberships)

    def association_ids(self, role=None):
        return {m.association_id for m in self.active_memberships if role is None or m.role == role}

    def role_in(self, association):
        for m in self.active_memberships:
            if m.association_id == association.pk:
                return m.role
        return None


def all_memberships(user):
    """The person's active memberships in every network, read once per request user (the
    ``Access`` of each network keeps its own, the header's switch reads them all)."""
    cached = getattr(user, "_entraide_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.everywhere()
            .filter(user=user, ended_at__isnull=True)
            .select_related("association")
            .order_by("association__name")
        )
        try:
            user._entraide_memberships = cached
        except AttributeError:
            pass
    return cached


def access(user):
    """``user``'s ``Access`` in the current network (kept on the user, per network)."""
    network = networks.current_or_default()
    key = network.pk if network is not None else None
    by_network = getattr(user, "_entraide_access", None)
    if not isinstance(by_network, dict):
        by_network = {}
        try:
            user._entraide_access = by_network
        except AttributeError:  # AnonymousUser accepts attributes; be safe anyway
            pass
    cached = by_network.get(key)
    if cached is None:
        cached = by_network[key] = Access(user, network)
    return cached


def is_coordinator(user):
    return access(user).is_coordinator


def networks_of(user):
    """The networks where ``user`` has a role (an active membership, or coordination,
    orientation or the meetings' secretariat), for the header's switch. Nothing to ask with
    a single network (``networks.several()``, kept per process): no query then."""

    if not user.is_authenticated or not user.is_active:
        return []
    if not networks.several():
        return []
    found = networks.all_networks()
    if len(found) < 2:
        return []
    prefetch_related_objects([user], "groups")
    group_ids = {group.pk for group in user.groups.all()}
    member_of = {m.association.network_id for m in all_memberships(user) if m.association.is_active}
    return [
        network
        for network in found
        if network.pk in member_of
        or group_ids
        & {network.coordinators_id, network.orientation_agents_id, network.secretaries_id}
    ]


def fragment_level(user):
    """What a members' cached fragment (an agenda, minutes) may depend on for ``user``: the
    coordination reads everything; anyone else what their associations may (confidential
    parts are for the associations that attended), so two readers of the same associations
    share a fragment, and two of different ones never do."""
    network = access(user).network
    prefix = f"network-{network.pk}-" if network is not None else ""
    if is_coordinator(user):
        return prefix + "coordination"
    ids = sorted(access(user).association_ids())
    return prefix + "associations-" + "-".join(str(pk) for pk in ids)


def network_search_level(user):
    """The readers who find the same meetings and discussions in the search: every member
    of the network (``None``: nothing kept for the others, who find none)."""
    return "network-members" if is_network_member(user) else None


def board_search_level(user):
    """The readers who find the same needs and offers (all of the board's posts)."""
    return "board-readers" if can_view_board(user) else None


def topic_search_level(user):
    """The readers who find the same topics (``visible_topics``): those of one level."""
    return fragment_level(user) if can_view_meetings(user) else None


def is_orientation_agent(user):
    return access(user).is_orientation_agent


def is_network_member(user):
    return access(user).is_network_member


def is_editor_of(user, association):
    return access(user).role_in(association) == Role.EDITOR


def is_member_of(user, association):
    return access(user).role_in(association) is not None


def can_invite(user):
    return is_coordinator(user)


def can_manage_memberships(user, association=None):
    """Changing or ending memberships, and inviting, is the coordinator's job."""
    return is_coordinator(user)


def can_view_association_workspace(user, association):
    """The association's workspace page lists its people: its members and the CCAS."""
    return is_coordinator(user) or is_member_of(user, association)


def can_view_association_requests(user, association):
    """Its topics and discussions with what came of them: its members and the CCAS."""
    return can_view_association_workspace(user, association)


def can_view_overdue_requests(user):
    """The requests of the associations left without an answer: the coordination."""
    return is_coordinator(user)


def can_use_admin(user):
    return is_coordinator(user)


def passes_page_restrictions(request, page):
    """Whether ``request`` passes every view restriction of a Wagtail page (and its ancestors'):
    the workspace pages are restricted to the network's groups."""
    _groups = access(request.user).groups  # prefetched once for every check that follows
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


# --- Meetings, topics, attendance --------------------------------------------------


def can_view_meetings(user):
    """Meetings, their agenda and accepted topics are for the whole network."""
    return is_network_member(user)


def can_plan_meetings(user):
    return is_coordinator(user)


def proposing_associations(user):
    """The associations on whose behalf ``user`` may propose a topic."""
    return [m.association for m in access(user).active_memberships]


def can_propose_topic(user):
    return is_coordinator(user) or bool(proposing_associations(user))


def can_view_topic(user, topic):
    """Until accepted, a proposal is private to its association and the coordination."""
    if not is_network_member(user):
        return False
    if is_coordinator(user) or topic.is_network_visible:
        return True
    return (
        topic.association_id is not None and topic.association_id in access(user).association_ids()
    )


def visible_topics(user):
    """The topics ``user`` may see (``can_view_topic`` as a queryset, for the search)."""
    if not is_network_member(user):
        return Topic.objects.none()
    if is_coordinator(user):
        return Topic.objects.all()
    return Topic.objects.filter(
        Q(status__in=NETWORK_VISIBLE) | Q(association_id__in=access(user).association_ids())
    )


def can_see_proposal_title(user, topic):
    """What other associations see of an association's proposal waiting for an answer, to say
    "we too": its title, kind, association and meeting (never its description, files, comments
    or the coordination's answer). For the members of an active association only."""
    if can_view_topic(user, topic):
        return True
    return (
        topic.association_id is not None
        and topic.status in EDITABLE
        and bool(access(user).association_ids())
    )


def supporting_associations(user, topic):
    """The associations for which ``user`` may say "we too" (or take it back) on ``topic``:
    their active associations but the topic's own, while it waits to be discussed."""
    if topic.status not in SUPPORTABLE or not can_see_proposal_title(user, topic):
        return []
    return [a for a in proposing_associations(user) if a.pk != topic.association_id]


def can_edit_topic(user, topic):
    """Only its association may change or withdraw a topic, and only before it is accepted."""
    if not topic.is_editable:
        return False
    if topic.association_id is None:
        return is_coordinator(user)
    return topic.association_id in access(user).association_ids()


def can_answer_topic(user):
    """Accept, decline, defer, schedule, close: the coordination's job."""
    return is_coordinator(user)


def can_comment(user, topic):
    return can_view_topic(user, topic)


def can_moderate(user):
    return is_coordinator(user)


def can_build_agenda(user):
    return is_coordinator(user)


def attendance_associations(user):
    """Associations for which ``user`` answers the attendance: their editors, or the coordinator for all."""
    if is_coordinator(user):
        return list(Association.objects.active())
    return [m.association for m in access(user).active_memberships if m.role == Role.EDITOR]


def can_answer_attendance(user, association):
    if is_coordinator(user):
        return True
    return association.pk in access(user).association_ids(role=Role.EDITOR)


def can_decline_hosting(user, meeting):
    if meeting.host_id is None:
        return False
    return is_coordinator(user) or meeting.host_id in access(user).association_ids(role=Role.EDITOR)


# --- Discussions -------------------------------------------------------------------------


def can_view_discussion(user, discussion):
    return is_network_member(user)


def can_open_discussion(user):
    return is_coordinator(user) or bool(proposing_associations(user))


def can_comment_discussion(user, discussion):
    return is_network_member(user) and not discussion.locked


def can_raise_discussion(user, discussion):
    """Raise to a meeting: the coordinator or the association that opened it, while open."""
    if discussion.status != DiscussionStatus.OPEN:
        return False
    if is_coordinator(user):
        return True
    return (
        discussion.association_id is not None
        and discussion.association_id in access(user).association_ids()
    )


def can_close_discussion(user, discussion):
    return is_coordinator(user) and discussion.status != DiscussionStatus.CLOSED


# --- The needs and offers board (coups de main) --------------------------------------------
#
# The whole network reads the board (the orientation agents too: they may know of a need);
# every member of an association, editor or not, posts and answers for it (a van or two
# volunteers for Saturday is not a matter for the editors only). Answers are private to the
# poster's association, the answerer's and the coordination.


def can_view_board(user):
    return is_network_member(user)


def board_associations(user):
    """The associations on whose behalf ``user`` posts on the board or answers a post."""
    return [m.association for m in access(user).active_memberships]


def can_post_on_board(user):
    return bool(board_associations(user))


def answering_associations(user, post):
    """The associations of ``user`` that may answer ``post`` (not the poster's own)."""
    if not post.is_open:
        return []
    return [a for a in board_associations(user) if a.pk != post.association_id]


def can_answer_post(user, post):
    return bool(answering_associations(user, post))


def can_manage_post(user, post):
    """Mark it matched or closed: the poster's association (any member), or the
    coordination (moderation), while it is open."""
    if not post.is_open:
        return False
    return is_coordinator(user) or post.association_id in access(user).association_ids()


def can_read_answer(user, answer, post=None):
    """The poster's association, the answerer's and the coordination."""
    if not can_view_board(user):
        return False
    if is_coordinator(user):
        return True
    post = post or answer.post
    mine = access(user).association_ids()
    return answer.association_id in mine or post.association_id in mine


def visible_answers(user, post):
    """The answers of ``post`` that ``user`` may read (``can_read_answer`` as a queryset)."""
    answers = Answer.objects.filter(post=post)
    if not can_view_board(user):
        return answers.none()
    if is_coordinator(user) or post.association_id in access(user).association_ids():
        return answers
    return answers.filter(association_id__in=access(user).association_ids())


def can_follow_board_categories(user):
    return can_view_board(user)


# --- The directory and the liaison sheets ------------------------------------------------
#
# ``visible_fields`` is the one place that decides which facts of a sheet a person may read;
# the sheet page, the directory list and its filters, the map data, the orientation view and
# the search index and results all go through it (and the later PDF, exports and feeds must).


def viewer_level(user, association_id=None):
    """The strictest level ``user`` may read, on the sheet of ``association_id``.

    Orientation agents and the coordinator read everything (A); the editors of an association
    read all of their own sheet (they write it); other network members read N; everybody
    else (anonymous visitors, former members, people outside the network) P only."""
    who = access(user)
    if who.is_coordinator or who.is_orientation_agent:
        return Level.AGENTS
    if association_id is not None and association_id in who.association_ids(role=Role.EDITOR):
        return Level.AGENTS
    if who.is_network_member:
        return Level.NETWORK
    return Level.PUBLIC


def uniform_viewer_level(user):
    """The level at which ``user`` reads every sheet when it is the same for all of them, or
    ``None`` for an editor (who reads all of their own sheet and the others at ``NETWORK``)."""
    who = access(user)
    if who.is_coordinator or who.is_orientation_agent:
        return Level.AGENTS
    if who.association_ids(role=Role.EDITOR):
        return None
    return viewer_level(user)


def field_level(sheet, key):
    """The level of one field of ``sheet``: its default, or the level the association chose
    when it is stricter, or more open only where the coordinator allowed it for that field."""
    field = FIELDS_BY_KEY[key]
    chosen = (sheet.visibility or {}).get(key) if field.adjustable else None
    if chosen not in LEVEL_RANK:
        return field.default
    if LEVEL_RANK[chosen] >= LEVEL_RANK[field.default]:
        return Level(chosen)
    if key in (sheet.open_allowed or []):
        return Level(chosen)
    return field.default


def visible_fields(sheet, user):
    """The keys of the fields of ``sheet`` that ``user`` may read (a frozenset)."""
    return fields_at_level(sheet, viewer_level(user, sheet.association_id))


def fields_at_level(sheet, level):
    """The keys of the fields of ``sheet`` that a reader of ``level`` may read."""
    rank = LEVEL_RANK[level]
    return frozenset(
        field.key for field in SHEET_FIELDS if LEVEL_RANK[field_level(sheet, field.key)] <= rank
    )


def can_see_sheet(user, association):
    """Every active association's sheet page is public (what it shows is per field)."""
    return association.is_active


def can_edit_sheet(user, association):
    """An association's editors (their own association only) and the coordinator."""
    return is_coordinator(user) or is_editor_of(user, association)


def can_allow_opening(user):
    """Allowing a field to be more open than its default is the coordinator's decision."""
    return is_coordinator(user)


def can_use_orientation(user):
    """The orientation view and its restricted filters: orientation agents and coordinator."""
    return is_coordinator(user) or is_orientation_agent(user)


def can_manage_networks(user):
    """Creating networks and inviting their first coordinator: the operator (a superuser)
    only, whatever network the request is on."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


# Wagtail's admin URLs that name a page or a site by id (the page, its parent; the site's
# settings): the object must be the request's network's (the operator's: any).
ADMIN_PAGE_KWARGS = ("page_id", "parent_page_id")


# The admin's pages that anybody may open: signing in and out, a forgotten password.
ADMIN_OPEN_VIEWS = ("wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_password_reset")


def has_role_in_network(user):
    """Whether ``user`` holds a role in the current network: coordination, orientation, an
    active membership of one of its associations, or the secretariat of one of its meetings."""
    current = access(user)
    if current.is_network_member:
        return True
    return current.network is not None and current.network.secretaries.name in current.groups


def admin_page_paths(kwargs):
    """The tree paths of the pages an admin URL names by id (``ADMIN_PAGE_KWARGS``), but an
    unknown page (Wagtail's 404) and the tree's root (Wagtail limits it)."""
    for key in ADMIN_PAGE_KWARGS:
        if key in kwargs:
            page = Page.objects.filter(pk=kwargs[key]).values("path", "depth").first()
            if page is not None and page["depth"] > 1:
                yield page["path"]


def admin_object_in_network(user, network, view_name, kwargs, in_admin=False):
    """Whether an admin view of ``view_name`` with ``kwargs`` may be shown on ``network``:
    only to people with a role in it (a coordinator of another network is nobody in this
    one's admin: its explorer, choosers, search, API, images, documents, snippets and
    reports), and only for its own pages and settings. ``in_admin``: the request's path is
    under the admin's (Wagtail's images, documents and snippets have their own URL names)."""
    if network is None:
        return True
    if not in_admin and not view_name.startswith(("wagtailadmin", "wagtailsettings")):
        return True
    if getattr(user, "is_superuser", False):
        return True
    if (
        getattr(user, "is_authenticated", False)
        and not view_name.startswith(ADMIN_OPEN_VIEWS)
        and not has_role_in_network(user)
    ):
        return False

    for path in admin_page_paths(kwargs):
        if not path.startswith(network.root_path):
            return False
    if view_name.startswith("wagtailsettings:") and "pk" in kwargs:
        try:
            model = apps.get_model(kwargs["app_name"], kwargs["model_name"])
        except (KeyError, LookupError):
            return True
        if issubclass(model, BaseSiteSetting):  # its pk in the URL is the site's
            return str(kwargs["pk"]) == str(network.site_id)
    return True


def can_import_associations(user):
    """Importing associations from a CSV file (Wagtail's admin): the coordinator."""
    return is_coordinator(user)


def can_give_orientation_feedback(user):
    """ "Orientation faite", "plus de place"…: the orientation agents and the coordinator."""
    return is_coordinator(user) or is_orientation_agent(user)


def can_read_orientation_feedback(user):
    """The counts per association and neighbourhood: the coordinator."""
    return is_coordinator(user)


# --- Comments ------------------------------------------------------------------------------


def comment_edit_deadline(comment):
    """Until when the writer may change or delete ``comment`` (``COMMENT_EDIT_MINUTES``)."""
    minutes = getattr(settings, "COMMENT_EDIT_MINUTES", 15)
    return comment.submit_date + timedelta(minutes=minutes)


def can_change_own_comment(user, comment, now=None):
    """The writer changes or deletes their own visible comment within the edit window.

    After it, only the coordination acts on the comment (it hides it). The object commented
    must be visible to ``user`` too: the views check it as they find the comment.
    """
    if not user.is_authenticated or comment.user_id != user.pk:
        return False
    if not comment.is_public or comment.is_removed or not is_network_member(user):
        return False
    return (now or timezone.now()) < comment_edit_deadline(comment)


def comment_association(user, obj):
    """The association a comment of ``user`` on ``obj`` is written for.

    The commented object's association when the writer belongs to it, else their first
    association (by name); ``None`` for a person of the coordination without one.
    """
    memberships = access(user).active_memberships
    own = getattr(obj, "association_id", None)
    for membership in memberships:
        if membership.association_id == own:
            return membership.association
    return memberships[0].association if memberships else None


# --- Consultations and positions -----------------------------------------------------------


def can_open_consultation(user):
    """Putting a decision to the associations: the coordination's job."""
    return is_coordinator(user)


def can_view_consultation(user, consultation):
    """As its topic: whoever may see the topic sees the positions and their reasons. A
    consultation on a decision of the minutes without a topic: the whole network."""
    if consultation.topic_id is not None:
        return can_view_topic(user, consultation.topic)
    return can_view_meetings(user)


def position_associations(user, consultation):
    """The associations for which ``user`` takes a position: those they are an editor of
    (one answer per association), if they may see the consultation."""
    if not can_view_consultation(user, consultation):
        return []
    return [
        m.association
        for m in access(user).active_memberships
        if m.role == Role.EDITOR and m.association.is_active
    ]


def can_take_position(user, consultation, association):
    return association in position_associations(user, consultation)


# --- Figures -------------------------------------------------------------------------------
#
# An association's own figures are for its members (editors write them) and the coordinator;
# everybody else reads network totals only, with small counts hidden
# (``services.suppression``); the public reads the periods the coordinator published.


def figures_associations(user):
    """The associations whose own figures ``user`` reads: those they belong to."""
    return [m.association for m in access(user).active_memberships]


def report_associations(user):
    """The associations ``user`` reports for: their editors', or every one for the coordinator."""
    if is_coordinator(user):
        return list(Association.objects.active())
    return [m.association for m in access(user).active_memberships if m.role == Role.EDITOR]


def can_use_reports(user):
    return is_coordinator(user) or bool(figures_associations(user))


def can_report_figures(user, association):
    """Entering or correcting a report: the association's editors and the coordinator."""
    return is_coordinator(user) or is_editor_of(user, association)


def can_view_report(user, report):
    return is_coordinator(user) or report.association_id in access(user).association_ids()


def can_see_all_figures(user):
    """Every association's figures, unhidden, missing reports, publication: the coordinator."""
    return is_coordinator(user)


def can_see_network_figures(user):
    """Network totals of every period (small counts hidden): the network's members."""
    return is_network_member(user)


def can_record_allocation(user):
    return is_coordinator(user)


def can_view_allocations(user):
    """The coordinator reads every allocation, an association's members their own."""
    return is_coordinator(user) or bool(figures_associations(user))


def can_publish_figures(user):
    return is_coordinator(user)


def can_remind_reports(user):
    return is_coordinator(user)
