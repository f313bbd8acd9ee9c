"""What the library shows: its list and a practice sheet (the pages' ``get_context()``, and
the views that show a sheet again with a refused answer), and what it adds to the
workspace's pages (``practices.wagtail_hooks``): an association's practices and the
practices waiting for review.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, When
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import WorkflowState

from entraide import pagecache
from minutes.permissions import confidential_filter
from workspace import networks
from workspace.forms.comments import CommentForm, thread_context
from workspace.models import TopicStatus
from workspace.notifications import follows
from workspace.services.memberships import coordinators

from . import permissions
from .filters import PracticeFilter
from .forms import AdoptionForm, PresentForm
from .models import Adoption, PracticeIndexPage, PracticePage, RemotePractice, Visibility
from .search import search_ids

PER_PAGE = 20
QUESTION_LABEL = gettext_lazy("Your question or answer")


def get_index():
    return PracticeIndexPage.objects.live().first()


def practice_url(index_url, practice):
    return f"{index_url}{practice.slug}/"


def practice_list_context(request, index):
    user = request.user
    members = permissions.can_view_network_practices(user)
    base = permissions.visible_practices(user, PracticePage.objects.child_of(index))
    filterset = PracticeFilter(request.GET or None, queryset=base, members=members)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    query = (data.get("q") or "").strip()
    sort = data.get("sort") or "newest"
    ranked = None
    if query:
        ranked = search_ids(base, query)
        rows = rows.filter(pk__in=ranked)
    rows = (
        rows.select_related("association")
        .prefetch_related("themes")
        .annotate(adoption_count=Count("adoptions", distinct=True))
    )
    if sort == "adopted":
        rows = rows.order_by("-adoption_count", "-first_published_at", "pk")
    elif ranked and not request.GET.get("sort"):
        rows = rows.order_by(
            Case(
                *[When(pk=pk, then=position) for position, pk in enumerate(ranked[:200])],
                default=len(ranked),
                output_field=IntegerField(),
            ),
            "-first_published_at",
        )
    else:
        rows = rows.order_by("-first_published_at", "pk")
    paginator = Paginator(rows, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    index_url = index.get_url(request)
    for practice in page.object_list:
        practice.list_url = practice_url(index_url, practice)
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page": index,
        "self": index,
        "filter": filterset,
        "practices": page,
        "count": paginator.count,
        "query": query,
        "members": members,
        "querystring": params.urlencode(),
        "can_write": permissions.can_write(user),
        "add_url": reverse("wagtailadmin_pages:add", args=["practices", "practicepage", index.pk]),
        "feed_url": reverse("practices:feed"),
        "json_feed_url": reverse("practices:json_feed"),
        **elsewhere_context(),
    }


ELSEWHERE_SHOWN = 5


def elsewhere_context():
    """The library's "Practices from elsewhere" section: a few of the other networks'
    public practices and of the subscribed feeds' ones, and the link to all of them."""
    # cycle: practices.elsewhere reads these pages' helpers through the URLconf
    from . import elsewhere

    def compute():
        local = elsewhere.elsewhere_practices(limit=ELSEWHERE_SHOWN)
        remote = list(
            RemotePractice.objects.select_related("subscription").order_by(
                "-published_at", "title"
            )[:ELSEWHERE_SHOWN]
        )
        return local, remote

    # The same for every reader (public practices only), kept until the next public change
    # (a page published, a feed read again: ``entraide_public_models``), per network.
    local, remote = pagecache.remember(f"practices-elsewhere:{translation.get_language()}", compute)
    return {
        "elsewhere": local,
        "remote_practices": remote,
        "elsewhere_url": reverse("practices:elsewhere"),
    }


def practice_context(
    request, page, preview=False, adoption_form=None, comment_form=None, present_form=None
):
    """The sheet as ``request.user`` may read it (404 otherwise); in the admin's preview, the
    sheet alone. The forms given are shown instead of new ones (an answer refused)."""
    user = request.user
    if not preview and not permissions.can_view(user, page):
        raise Http404
    members = permissions.can_view_network_practices(user)
    context = {
        "page": page,
        "self": page,
        "preview": preview,
        "members": members,
        "citation": page.citation(request.build_absolute_uri(page.url) if page.url else ""),
        "steps": [block.value for block in page.actions],
        "images": page.images,
        "documents": page.documents,
        "themes": page.themes.all(),
        "tags": page.tags.all(),
        "is_network_only": page.visibility == Visibility.NETWORK,
        "can_edit": bool(page.pk) and permissions.can_edit(user, page),
        "can_follow": bool(page.pk) and not preview and user.is_authenticated and members,
        "following": bool(page.pk) and follows.is_following(user, page),
    }
    if page.pk and not preview:
        # Every network's adoptions of this practice (an association of another network may
        # adopt a public practice from "practices from elsewhere"); theirs say their network.
        adoptions = list(
            Adoption.objects.everywhere()
            .filter(practice=page)
            .select_related("association__network")
            .order_by("association__name")
        )
        here = networks.current_or_default_id()
        for adoption in adoptions:
            network = adoption.association.network
            adoption.elsewhere = network.name if network and network.pk != here else ""
        context["adoptions"] = adoptions
        context["can_see_notes"] = permissions.can_see_adoption_notes(user)
        associations = permissions.adopting_associations(user, page)
        done = {a.association_id for a in adoptions}
        context["mine"] = [
            a for a in adoptions if a.association_id in permissions.writable_association_ids(user)
        ]
        open_associations = [a for a in associations if a.pk not in done]
        if open_associations and permissions.can_adopt(user, page):
            context["adoption_form"] = adoption_form or AdoptionForm(
                practice=page, associations=open_associations
            )
        elif adoption_form is not None:
            context["adoption_form"] = adoption_form
        context["own_practice"] = (
            page.association_id is not None
            and page.association_id in permissions.writable_association_ids(user)
        )
        context["presentations"] = presentations_for(user, page)
        if permissions.can_present(user, page):
            context["present_form"] = present_form or PresentForm(
                topics=permissions.linkable_topics(user)
            )
        if permissions.can_see_decisions(user):
            context["decisions"] = (
                page.cited_decisions.filter(withdrawn=False, minutes__live=True)
                .filter(confidential_filter(user))
                .select_related("meeting", "minutes")
                .order_by("-meeting__date", "order")
            )
        if permissions.can_read_comments(user, page):
            can_comment = permissions.can_comment(user, page)
            can_moderate = permissions.can_moderate(user)
            context.update(
                {
                    **thread_context(
                        request,
                        page,
                        moderator=can_moderate,
                        form=comment_form,
                        label=QUESTION_LABEL,
                        can_comment=can_comment,
                        can_moderate=can_moderate,
                    ),
                    "can_comment": can_comment,
                    "can_moderate": can_moderate,
                }
            )
    return context


def presentations_for(user, page):
    """Meetings where the practice was (or will be) presented, as ``user`` may see them."""
    rows = []
    for link in page.presentations.select_related("topic__meeting", "topic__association"):
        topic = link.topic
        if topic.status in (TopicStatus.WITHDRAWN, TopicStatus.DECLINED):
            continue
        visible = topic.is_network_visible or permissions.can_see_topic(user, topic)
        if not visible:
            continue
        meeting = topic.meeting
        rows.append(
            {
                "topic": topic,
                "meeting": meeting,
                "done": meeting is not None
                and (
                    topic.status in (TopicStatus.DISCUSSED, TopicStatus.CLOSED)
                    or (meeting.is_past and topic.status == TopicStatus.ACCEPTED)
                ),
                "proposed": not topic.is_network_visible,
                "can_open": permissions.can_see_topic(user, topic),
            }
        )
    return rows


def question_form(page, data=None):
    return CommentForm(page, data=data, label=QUESTION_LABEL)


def describe_comment_targets(pks):
    index = get_index()
    index_url = index.url if index else "/pratiques/"
    return {
        practice.pk: {"title": practice.title, "url": practice_url(index_url, practice)}
        for practice in PracticePage.objects.filter(pk__in=pks).only("pk", "title", "slug")
    }


# --- On the workspace's pages ------------------------------------------------------------


def association_practices(request, association):
    """Practices ``association`` runs and those it adopted, as the reader may see them."""
    user = request.user
    visible = permissions.visible_practices(user)
    index = get_index()
    index_url = index.url if index else "/pratiques/"
    runs = list(
        visible.filter(association=association)
        .annotate(adoption_count=Count("adoptions", distinct=True))
        .order_by("title")
    )
    adopted = list(
        Adoption.objects.filter(association=association, practice__in=visible)
        .select_related("practice", "practice__association")
        .order_by("-adopted_on")
    )
    for practice in runs:
        practice.list_url = practice_url(index_url, practice)
    for adoption in adopted:
        adoption.practice.list_url = practice_url(index_url, adoption.practice)
    drafts = []
    if permissions.is_coordinator(user) or association.pk in (
        permissions.writable_association_ids(user)
    ):
        drafts = list(
            PracticePage.objects.filter(association=association, live=False).order_by("title")
        )
    return {
        "association_practices": runs,
        "association_adoptions": adopted,
        "association_practice_drafts": drafts,
        "practices_index_url": index_url,
    }


def attention(user):
    """On the coordinator's workspace home: each practice submitted and waiting for review,
    linked to its review in the editor (approve, or send back with a comment)."""
    if not permissions.is_coordinator(user):
        return []
    waiting = list(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            content_type=ContentType.objects.get_for_model(PracticePage),
        ).values_list("object_id", flat=True)
    )
    if not waiting:
        return []
    practices = (
        PracticePage.objects.filter(pk__in=[int(pk) for pk in waiting])
        .select_related("association")
        .order_by("title")
    )
    items = []
    for practice in practices:
        who = practice.association.name if practice.association_id else _("the CCAS")
        items.append(
            {
                "text": _("Practice “%(title)s” of %(association)s waits for your review")
                % {"title": practice.title, "association": who},
                "url": review_url(practice),
            }
        )
    return items


def review_url(practice):
    """Where the coordination reviews a submitted practice: its page in the editor, with
    "approve and publish" and "request changes"."""
    return reverse("wagtailadmin_pages:edit", args=[practice.pk])


def submitted_context(practice, user):
    """The page an editor lands on after submitting ``practice``: what happens next and who
    answers."""
    state = practice.current_workflow_state
    in_review = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    needs_changes = state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES
    index = get_index()
    return {
        "practice": practice,
        "in_review": in_review,
        "needs_changes": needs_changes,
        "reviewers": [person.get_full_name() or str(person) for person in coordinators()],
        "association": practice.association,
        "preview_url": reverse("wagtailadmin_pages:view_draft", args=[practice.pk]),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[practice.pk]),
        "index_url": index.url if index else "/pratiques/",
        "preferences_url": reverse("notifications:preferences"),
        "submitted_at": state.created_at if state is not None else None,
    }
