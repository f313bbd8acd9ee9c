"""The library's pages: list, practice sheet, adoption, questions, presentation, PDF, feed."""

import mimetypes
import os
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from entraide import files
from workspace import agenda, comments, follows, notifications
from workspace.models import TopicKind, TopicStatus

from . import permissions
from .forms import AdoptionForm, PracticeFilter, PresentForm
from .models import (
    Adoption,
    PracticeIndexPage,
    PracticePage,
    PracticePresentation,
    Visibility,
)
from .search import search_ids

PER_PAGE = 20
IMAGE_SIZES = {"vignette": "max-480x360", "grand": "max-1200x1200"}


def get_index():
    return PracticeIndexPage.objects.live().first()


def practice_url(index_url, practice):
    return f"{index_url}{practice.slug}/"


# --- List ----------------------------------------------------------------------------------


def practice_list(request, index):
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
    return render(
        request,
        "practices/practice_index_page.html",
        {
            "page": index,
            "self": index,
            "filter": filterset,
            "practices": page,
            "count": paginator.count,
            "query": query,
            "members": members,
            "querystring": params.urlencode(),
            "can_write": permissions.can_write(user),
            "add_url": reverse(
                "wagtailadmin_pages:add", args=["practices", "practicepage", index.pk]
            ),
            "feed_url": reverse("practices:feed"),
        },
    )


# --- One practice ------------------------------------------------------------------------------


def get_practice(request, pk):
    """The live practice ``pk`` if ``request.user`` may read it, else 404."""
    practice = get_object_or_404(PracticePage.objects.live().select_related("association"), pk=pk)
    if not permissions.can_view(request.user, practice):
        raise Http404
    return practice


def practice_detail(
    request,
    page,
    preview=False,
    adoption_form=None,
    comment_form=None,
    present_form=None,
    status=200,
):
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
        adoptions = list(page.adoptions.select_related("association").order_by("association__name"))
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
                .filter(_decision_filter(user))
                .select_related("meeting", "minutes")
                .order_by("-meeting__date", "order")
            )
        if permissions.can_read_comments(user, page):
            form = comment_form or _question_form(page)
            context.update(
                {
                    "comment_tree": comments.tree(page, moderator=permissions.can_moderate(user)),
                    "comment_form": form,
                    "can_comment": permissions.can_comment(user, page),
                    "can_moderate": permissions.can_moderate(user),
                }
            )
    return render(request, "practices/practice_page.html", context, status=status)


def _decision_filter(user):
    from minutes.permissions import confidential_filter

    return confidential_filter(user)


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


QUESTION_LABEL = gettext_lazy("Your question or answer")


def _question_form(page, data=None):
    return comments.CommentForm(page, data=data, label=QUESTION_LABEL)


# --- Adoption -----------------------------------------------------------------------------------


@require_POST
def adopt(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = get_practice(request, pk)
    associations = permissions.adopting_associations(request.user, practice)
    own = practice.association_id is not None and practice.association_id in (
        permissions.writable_association_ids(request.user)
    )
    if not associations and not own:
        raise PermissionDenied
    if own:
        # The association's own editors get a clear answer rather than a bare refusal.
        from workspace.models import Association

        associations = associations + [Association.objects.get(pk=practice.association_id)]
    form = AdoptionForm(request.POST, practice=practice, associations=associations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                adoption = Adoption.objects.create(
                    practice=practice,
                    association=data["association"],
                    kind=data["kind"],
                    note=data["note"],
                    adopted_on=data["adopted_on"],
                    created_by=request.user,
                )
                notifications.emit(
                    "practice_adopted",
                    f"practice-adoption:{adoption.pk}",
                    adoption_id=adoption.pk,
                    practice_id=practice.pk,
                )
        except IntegrityError:
            form.add_error(
                None,
                _("%(association)s already said so: one answer per association.")
                % {"association": data["association"].name},
            )
        else:
            messages.success(
                request,
                _("Thank you: the network now sees that %(association)s adopted this practice.")
                % {"association": data["association"].name},
            )
            return redirect(f"{practice.url}#adoptions")
    return practice_detail(request, practice, adoption_form=form, status=400)


@require_POST
def withdraw_adoption(request, pk, adoption_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = get_practice(request, pk)
    adoption = get_object_or_404(Adoption, pk=adoption_pk, practice=practice)
    if not permissions.can_withdraw_adoption(request.user, adoption):
        raise Http404
    adoption.delete()
    messages.success(request, _("Your association's answer is withdrawn."))
    return redirect(f"{practice.url}#adoptions")


# --- Questions and answers ------------------------------------------------------------------


@require_POST
def post_question(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = get_practice(request, pk)

    def notify(comment):
        notifications.emit(
            "practice_question",
            f"practice-comment:{comment.pk}",
            comment_id=comment.pk,
            practice_id=practice.pk,
        )

    return comments.post_from_request(
        request,
        practice,
        allowed=permissions.can_comment(request.user, practice),
        render=lambda form, status: practice_detail(
            request, practice, comment_form=form, status=status
        ),
        notify=notify,
        url=practice.url,
        success=_("Your message is published."),
        label=QUESTION_LABEL,
    )


def comment_target(request, pk):
    """For the workspace's flag and hide views: the practice a comment is about."""
    practice = get_practice(request, pk)
    if not permissions.can_read_comments(request.user, practice):
        raise Http404
    return practice


def describe_comment_targets(pks):
    index = get_index()
    index_url = index.url if index else "/pratiques/"
    return {
        practice.pk: {"title": practice.title, "url": practice_url(index_url, practice)}
        for practice in PracticePage.objects.filter(pk__in=pks).only("pk", "title", "slug")
    }


# --- Presented at a meeting ---------------------------------------------------------------------


@require_POST
def present(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = get_practice(request, pk)
    if not permissions.can_present(request.user, practice):
        raise Http404
    form = PresentForm(request.POST, topics=permissions.linkable_topics(request.user))
    if not form.is_valid():
        return practice_detail(request, practice, present_form=form, status=400)
    topic = form.cleaned_data["topic"]
    with transaction.atomic():
        if topic is None:
            topic = agenda.propose_topic(
                request.user,
                association=practice.association,
                title=practice.title[:200],
                description=_(
                    "Presentation of the practice “%(title)s”: %(summary)s\n\nThe sheet: %(url)s"
                )
                % {
                    "title": practice.title,
                    "summary": practice.summary,
                    "url": request.build_absolute_uri(practice.url),
                },
                kind=TopicKind.PRACTICE,
                estimated_minutes=15,
            )
            messages.success(
                request,
                _(
                    "A topic “practice to share” is proposed for the next meeting; the coordination will answer it."
                ),
            )
        else:
            messages.success(request, _("The topic now presents this practice."))
        PracticePresentation.objects.create(topic=topic, practice=practice, linked_by=request.user)
    return redirect(f"{practice.url}#reunions")


# --- Attachments, through permission checks ---------------------------------------------------


def image(request, pk, image_pk, size):
    practice = get_practice(request, pk)
    if size not in IMAGE_SIZES or image_pk not in practice.attached_image_ids():
        raise Http404
    from wagtail.images import get_image_model

    picture = get_object_or_404(get_image_model(), pk=image_pk)
    rendition = picture.get_rendition(IMAGE_SIZES[size])
    return image_response(
        picture, rendition.file, files.PUBLIC if _is_public(practice) else files.PRIVATE_IMAGE
    )


def document(request, pk, document_pk):
    practice = get_practice(request, pk)
    if document_pk not in practice.attached_document_ids():
        raise Http404
    from wagtail.documents import get_document_model

    doc = get_object_or_404(get_document_model(), pk=document_pk)
    return document_response(doc, files.PUBLIC if _is_public(practice) else files.PRIVATE)


def _is_public(practice):
    """What anyone may read through this practice, shared caches may keep."""
    return practice.is_public and not practice.get_view_restrictions().exists()


def document_response(document, cache=files.PRIVATE):
    """A Wagtail document as a download named after its title (its stored name is random)."""
    return files.file_response(
        document.file,
        files.download_name(document.title, document.file_extension),
        document.content_type,
        cache=cache,
    )


def image_response(picture, stored, cache=files.PRIVATE_IMAGE):
    """An image, or one of its renditions (``stored``), shown in the browser."""
    return files.file_response(
        stored,
        files.download_name(picture.title, os.path.splitext(stored.name)[1]),
        mimetypes.guess_type(stored.name)[0],
        inline=True,
        cache=cache,
    )


def stored_file(request, name):
    """A Wagtail image, rendition or document asked for by its stored name (``MEDIA_URL``):
    admin thumbnails and previews. ``None`` for a file that is not Wagtail's."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    Image = get_image_model()
    folder = name.split("/", 1)[0]
    if folder == "images":
        rendition = (
            Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        )
        if rendition is None or not permissions.can_read_image(request.user, rendition.image):
            raise Http404
        return image_response(rendition.image, rendition.file)
    if folder == "original_images":
        picture = Image.objects.filter(file=name).first()
        if picture is None or not permissions.can_read_image(request.user, picture):
            raise Http404
        return image_response(picture, picture.file)
    if folder == "documents":
        doc = get_document_model().objects.filter(file=name).first()
        if doc is None or not permissions.can_read_document(request.user, doc):
            raise Http404
        # Wagtail's privacy of collections, which its /documents/ address applies too.
        if any(not r.accept_request(request) for r in doc.collection.get_view_restrictions()):
            raise Http404
        return document_response(doc)
    return None


# --- Outputs -----------------------------------------------------------------------------------------


def practice_pdf(request, pk):
    from weasyprint import HTML

    practice = get_practice(request, pk)
    pictures = []
    for value in practice.images:
        picture = value.get("image")
        if picture is None:
            continue
        rendition = picture.get_rendition(IMAGE_SIZES["vignette"])
        pictures.append(
            {
                "src": rendition.file.path,
                "alt": value.get("alt", ""),
                "caption": value.get("caption", ""),
            }
        )
    html = render_to_string(
        "practices/practice_pdf.html",
        {
            "page": practice,
            "steps": [block.value for block in practice.actions],
            "pictures": pictures,
            "documents": practice.documents,
            "themes": practice.themes.all(),
            "citation": practice.citation(request.build_absolute_uri(practice.url)),
            "url": request.build_absolute_uri(practice.url),
            "printed_on": timezone.localdate(),
        },
        request=request,
    )
    pdf = HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_media_fetcher()
    ).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(practice.slug)}.pdf"
    if not _is_public(practice):
        files.protect(response)
    return response


def _media_fetcher():
    """Images come from the media folder, never from the network."""
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    from django.conf import settings
    from weasyprint.urls import URLFetcher

    media = Path(settings.MEDIA_ROOT).resolve()

    class MediaFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve()
            if parsed.scheme != "file" or media not in path.parents:
                raise ValueError("Only images of the media folder are fetched.")
            return super().fetch(url, headers)

    return MediaFetcher(allowed_protocols=["file"])


class PracticeFeed(Feed):
    """Atom feed of the public practices only, whoever asks.

    Made for each request, so that its addresses use the host that was asked (the sites
    framework's single domain would not).
    """

    feed_type = Atom1Feed

    def __init__(self, request):
        super().__init__()
        self.request = request

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def feed_url(self):
        return self.absolute(reverse("practices:feed"))

    def title(self):
        return _("Good practices of the food-aid network of Roubaix")

    def subtitle(self):
        return _("Practices shared by the associations of the network, public ones.")

    def link(self):
        index = get_index()
        return self.absolute(index.url if index else "/pratiques/")

    def items(self):
        return (
            PracticePage.objects.live()
            .public()
            .filter(visibility=Visibility.PUBLIC)
            .select_related("association")
            .prefetch_related("themes")
            .order_by("-first_published_at")[:50]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return self.absolute(item.url)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.credit_author or item.runner_name

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_copyright(self, item):
        return item.get_licence_display()


def feed(request):
    return PracticeFeed(request)(request)


# --- Index for the association page ------------------------------------------------------------


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
    """On the coordinator's workspace home: practices submitted and waiting for review."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils.translation import ngettext
    from wagtail.models import WorkflowState

    if not permissions.is_coordinator(user):
        return []
    waiting = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        content_type=ContentType.objects.get_for_model(PracticePage),
    ).count()
    if not waiting:
        return []
    return [
        {
            "text": ngettext(
                "%(count)s practice waiting for your review",
                "%(count)s practices waiting for your review",
                waiting,
            )
            % {"count": waiting},
            "url": reverse("wagtailadmin_home"),
        }
    ]
