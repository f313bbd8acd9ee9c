"""Who may do what with practices. Views, templates, search, the feed, the sitemap and
the PDF ask these functions (and ``workspace.permissions`` underneath)."""

import json

from django.contrib.auth.models import Group
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from wagtail.models import PagePermissionTester, Revision

from workspace import networks, roles
from workspace import permissions as workspace_permissions
from workspace.models import Membership, Role, Topic, TopicKind, TopicStatus

from .models import PracticePage


def writable_association_ids(user):
    """Associations whose practices ``user`` writes: those they are an editor of."""
    return set(workspace_permissions.access(user).association_ids(role=Role.EDITOR))


def is_coordinator(user):
    return workspace_permissions.is_coordinator(user)


def can_view_network_practices(user):
    """Network-only practices: every network member, the CCAS coordination and agents."""
    return workspace_permissions.is_network_member(user)


def visible_practices(user, queryset=None):
    """Live practices ``user`` may read: all of them for the network, public ones otherwise."""
    queryset = PracticePage.objects.all() if queryset is None else queryset
    queryset = queryset.live()
    if not can_view_network_practices(user):
        queryset = queryset.public()
    return queryset


def search_level(user):
    """The readers who find the same practices in the search: those who read all the live
    practices of the network (a publication starts a new generation of what is kept);
    ``None``: the others' results, the public ones, are not kept."""
    return "network-practices" if can_view_network_practices(user) else None


def can_view(user, practice):
    """Reading the published practice (its page, PDF, attachments)."""
    if not practice.live:
        return False
    if can_view_network_practices(user):
        return True
    return practice.is_public and not practice.get_view_restrictions().exists()


def can_manage_subscriptions(user):
    """Subscribing this network to another installation's feed: its coordination."""
    return user.is_authenticated and user.is_active and is_coordinator(user)


def can_write(user):
    """Starting a new practice: the editors of an association, and the coordination."""
    return is_coordinator(user) or bool(writable_association_ids(user))


def can_edit(user, practice):
    """Changing a practice (and submitting it): its association's editors, the coordination.

    A practice without association is the CCAS's: the coordination's only.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if is_coordinator(user):
        return True
    return practice.association_id is not None and (
        practice.association_id in writable_association_ids(user)
    )


def can_submit(user, practice):
    return can_edit(user, practice)


def can_approve(user):
    """Approving and publishing, or sending back with a comment: the coordination."""
    return is_coordinator(user)


def adopting_associations(user, practice):
    """Associations on whose behalf ``user`` may say they adopted ``practice``.

    Their editors speak for them; an association never adopts its own practice.
    """
    return [
        m.association
        for m in workspace_permissions.access(user).active_memberships
        if m.role == Role.EDITOR and m.association_id != practice.association_id
    ]


def can_adopt(user, practice):
    return can_view(user, practice) and bool(adopting_associations(user, practice))


def can_withdraw_adoption(user, adoption):
    return adoption.association_id in writable_association_ids(user)


def can_see_adoption_notes(user):
    return can_view_network_practices(user)


def can_comment(user, practice):
    """Questions and answers are for the network's members, on published practices."""
    return can_view_network_practices(user) and can_view(user, practice)


def can_read_comments(user, practice):
    return can_comment(user, practice)


def can_moderate(user):
    return workspace_permissions.can_moderate(user)


def can_present(user, practice):
    """Linking the practice to a topic "practice to share": its association or the coordination."""
    if not can_view(user, practice) or not can_view_network_practices(user):
        return False
    if is_coordinator(user):
        return True
    return practice.association_id is not None and practice.association_id in (
        workspace_permissions.access(user).association_ids()
    )


def linkable_topics(user):
    """Topics of kind "practice to share" that ``user`` may link to a practice."""
    topics = Topic.objects.filter(kind=TopicKind.PRACTICE, practice_link__isnull=True).exclude(
        status__in=[TopicStatus.WITHDRAWN, TopicStatus.DECLINED]
    )
    if not is_coordinator(user):
        topics = topics.filter(
            association_id__in=workspace_permissions.access(user).association_ids()
        )
    return topics.select_related("meeting", "association").order_by("-created_at")


def can_see_topic(user, topic):
    return workspace_permissions.can_view_topic(user, topic)


def can_see_decisions(user):
    """Cited decisions come from the minutes, which only the network reads."""
    return workspace_permissions.can_view_meetings(user)


def unreadable_drafts(user):
    """Practices not live that ``user`` may not edit (another association's drafts), as a
    queryset of ids: Wagtail's admin listings would show their titles to every writer."""
    drafts = PracticePage.objects.filter(live=False)
    if is_coordinator(user):
        return drafts.none().values("pk")
    return drafts.exclude(association_id__in=writable_association_ids(user)).values("pk")


# --- Wagtail's page permissions ---------------------------------------------------------


class PracticePermissionTester(PagePermissionTester):
    """Decided by the practice's association, not by who created the page.

    Wagtail's stock "add" permission lets people edit only the pages they own: two
    editors of one association could not edit each other's practices. Here any editor
    of the association edits and submits it; the coordination reviews and publishes.
    """

    def _coordinator(self):
        return self.user.is_active and (self.user.is_superuser or is_coordinator(self.user))

    def _writer(self):
        return self.user.is_active and can_edit(self.user, self.page)

    def can_add_subpage(self):
        return False

    def can_edit(self):
        return self._writer()

    def can_delete(self, ignore_bulk=False):
        if self._coordinator():
            return True
        # An association may throw away a draft it never published.
        return self._writer() and not self.page.live and self.page.first_published_at is None

    def can_publish(self):
        return self._coordinator()

    def can_unpublish(self):
        return self._coordinator() and self.page.live and not self.page_locked()

    def can_submit_for_moderation(self):
        return self._writer() and super().can_submit_for_moderation()

    def can_set_view_restrictions(self):
        # Readers are chosen with the practice's own "who can read it" field.
        return False

    def can_unschedule(self):
        return self._coordinator()

    def can_lock(self):
        return self._coordinator()

    def can_unlock(self):
        return self._coordinator() or self.user_has_lock()

    def can_publish_subpage(self):
        return False

    def can_reorder_children(self):
        return False

    def can_move(self):
        return False

    def can_move_to(self, destination):
        return False

    def can_copy(self):
        return False

    def can_copy_to(self, destination, recursive=False):
        return False

    def can_view_revisions(self):
        return self._writer()


class PracticeIndexPermissionTester(PagePermissionTester):
    """Editors add practices under the index; only the coordination changes the index."""

    def _coordinator(self):
        return self.user.is_active and (self.user.is_superuser or is_coordinator(self.user))

    def can_add_subpage(self):
        return (
            self.user.is_active and can_write(self.user) and PracticePage.can_create_at(self.page)
        )

    def can_edit(self):
        return self._coordinator()

    def can_delete(self, ignore_bulk=False):
        return False

    def can_publish(self):
        return self._coordinator()

    def can_unpublish(self):
        return False

    def can_publish_subpage(self):
        return self._coordinator()

    def can_set_view_restrictions(self):
        # The library is public; network-only practices are restricted one by one.
        return False

    def can_move(self):
        return False

    def can_copy(self):
        return False

    def can_reorder_children(self):
        return self._coordinator()

    def can_lock(self):
        return self._coordinator()

    def can_unlock(self):
        return self._coordinator()


# --- Images and documents ---------------------------------------------------------------


def _attached_ids(raw, kind):
    """Ids of the ``kind`` ("image" or "document") blocks in an attachments stream's raw data."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw or "[]")
        except ValueError:
            return set()
    ids = set()
    for block in raw or []:
        if isinstance(block, dict) and block.get("type") == kind:
            value = block.get("value") or {}
            if isinstance(value, dict) and isinstance(value.get(kind), int):
                ids.add(value[kind])
    return ids


def practices_attaching(kind, pk):
    """Practices that attach the image or document ``pk``, as two lists.

    ``published``: practices whose published content attaches it (what readers see);
    ``drafts``: practices whose latest, unpublished version attaches it (what their editors
    and the coordination see). Rich text cannot link a document or an image (no rich text
    editor of the site has those features; a test says so), so attachments are the only use.
    """
    published, drafts = [], []
    # A first sieve in the database (the id's digits appear in the stream's text), then
    # the exact test on each stream.
    rows = list(
        PracticePage.objects.annotate(stream=Cast("attachments", TextField())).filter(
            Q(stream__contains=str(pk)) | Q(has_unpublished_changes=True) | Q(live=False)
        )
    )
    for practice in rows:
        if pk in _attached_ids(practice.attachments.raw_data, kind):
            # Without a revision, a draft's content is the page's own.
            if practice.live:
                published.append(practice)
            elif not practice.latest_revision_id:
                drafts.append(practice)
    pending = [
        p for p in rows if p.latest_revision_id and (p.has_unpublished_changes or not p.live)
    ]
    contents = dict(
        Revision.objects.filter(pk__in=[p.latest_revision_id for p in pending]).values_list(
            "pk", "content"
        )
    )
    for practice in pending:
        content = contents.get(practice.latest_revision_id) or {}
        if pk in _attached_ids(content.get("attachments"), kind):
            drafts.append(practice)
    return published, drafts


def _read_through_practices(user, kind, pk):
    published, drafts = practices_attaching(kind, pk)
    return any(can_view(user, practice) for practice in published) or any(
        can_edit(user, practice) for practice in drafts
    )


def colleague_ids(user):
    """People who write practices beside ``user``: the active editors of the associations
    ``user`` is an editor of (``user`` included). Their uploads are the association's files."""
    associations = writable_association_ids(user)
    if not associations:
        return set()
    return set(
        Membership.objects.active()
        .filter(association_id__in=associations, role=Role.EDITOR, user__is_active=True)
        .values_list("user_id", flat=True)
    )


def readable_attached_ids(user, kind):
    """Ids of the images or documents attached to the published practices ``user`` may read."""
    ids = set()
    for stream in visible_practices(user).values_list("attachments", flat=True):
        ids |= _attached_ids(getattr(stream, "raw_data", stream), kind)
    return ids


def choosable_files(user, queryset, kind):
    """What Wagtail's choosers and listings show ``user`` of the images or documents: the
    coordination everything; a writer their association's uploads and the files of the
    published practices they may read. Another association's draft files stay hidden."""
    if is_coordinator(user):
        return queryset
    return queryset.filter(
        Q(uploaded_by_user_id__in=colleague_ids(user)) | Q(pk__in=readable_attached_ids(user, kind))
    )


def _file_in_current_network(kind, obj):
    """Whether a Wagtail image or document is of the current network: a practice of its
    tree attaches it, or its uploader belongs to it (a membership of one of its
    associations, its coordination, its agents, its members' group). A file attached to nothing and uploaded by nobody
    (an operator's, in the admin) is of every network, as before networks."""

    network = networks.current()
    if network is None:
        return True
    published, drafts = practices_attaching(kind, obj.pk)
    if published or drafts:
        return True
    uploader = obj.uploaded_by_user_id
    if uploader is None:
        with networks.activate(None):
            published, drafts = practices_attaching(kind, obj.pk)
        return not (published or drafts)
    return (
        Membership.objects.filter(user_id=uploader).exists()
        or Group.objects.filter(
            pk__in=[group.pk for group in roles.network_groups(network)], user=uploader
        ).exists()
    )


def _read_file(user, kind, obj):
    if user.is_authenticated and user.is_active:
        if is_coordinator(user) and _file_in_current_network(kind, obj):
            return True
        if obj.uploaded_by_user_id is not None and obj.uploaded_by_user_id in colleague_ids(user):
            return True
    return _read_through_practices(user, kind, obj.pk)


def can_read_document(user, document):
    """A Wagtail document, wherever it is asked for (``/documents/…``, a practice's address).

    The coordination; the editors of the association whose writer uploaded it (while they
    are editors); the readers of a published practice that attaches it (anyone for a
    public practice, the network for a network-only one); the editors of a practice whose
    draft attaches it. A document attached to nothing: the coordination and its uploader's
    association only.
    """
    return _read_file(user, "document", document)


def can_read_image(user, image):
    """A Wagtail image or one of its renditions (admin thumbnails, previews): as documents.

    Wagtail's chooser shows a writer exactly these images (``choosable_files``), so a
    thumbnail it shows is always one they may load.
    """
    return _read_file(user, "image", image)
