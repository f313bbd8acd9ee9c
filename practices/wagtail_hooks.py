"""What the library plugs into Wagtail (page serving, documents, choosers, the admin's
explorer) and into the site's plug-in points (docs/hooks.md)."""

from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from entraide import workflow
from entraide.search import Provider
from minutes.models import Decision
from workspace import networks
from workspace.models import MeetingPage, Topic
from workspace.services.figures import ParticipationColumn
from workspace.views.moderation import CommentTarget
from workspace.views.notifications import Followable

from . import bootstrap, demo, notifications, pages, permissions, search
from .models import Adoption, PracticeIndexPage, PracticePage, PracticePresentation, RemotePractice
from .views import comment_target, stored_file


@hooks.register("before_serve_page", order=-100)
def hide_network_practices(page, request, serve_args, serve_kwargs):
    """A network-only practice does not exist for anyone outside the network.

    Wagtail would answer a restricted page with a redirect to the login page, which
    tells that the page exists; anonymous visitors get a plain 404 instead.
    """
    if isinstance(page, PracticePage) and not permissions.can_view_network_practices(request.user):
        if not page.is_public or page.get_view_restrictions().exists():
            raise Http404


@hooks.register("before_serve_document", order=100)
def check_document_readers(document, request):
    """Wagtail's ``/documents/<id>/<name>``: 404 for those who may not read the document.

    Registered after Wagtail's own check of collection restrictions. Readers are then sent
    to the document's stored address (``WAGTAILDOCS_SERVE_METHOD = "direct"``), which asks
    again and answers with the site's file headers.
    """
    if not permissions.can_read_document(request.user, document):
        raise Http404


@hooks.register("entraide_serve_stored_file")
def serve_wagtail_file(request, name):
    """Images, renditions and documents under their stored names (admin thumbnails,
    previews): the same readers as at their other addresses."""
    return stored_file(request, name)


@hooks.register("construct_explorer_page_queryset")
def hide_other_drafts_in_explorer(parent_page, pages, request):
    """The admin's page explorer (and its menu) lists only the drafts one may edit."""
    return pages.exclude(pk__in=permissions.unreadable_drafts(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_other_drafts_in_chooser(pages, request):
    """The page chooser (links in rich text) too."""
    return pages.exclude(pk__in=permissions.unreadable_drafts(request.user))


@hooks.register("construct_image_chooser_queryset")
def choosable_images(images, request):
    """Writers choose among their association's images and the published practices' ones."""
    return permissions.choosable_files(request.user, images, "image")


@hooks.register("construct_document_chooser_queryset")
def choosable_documents(documents, request):
    return permissions.choosable_files(request.user, documents, "document")


# --- The review workflow in the network's words -------------------------------------------


@hooks.register("construct_page_action_menu")
def name_the_practice_submit(menu_items, request, context):
    """ "Envoyer au coordinateur pour relecture", not "Soumettre à Validation des pratiques"."""
    page, parent = context.get("page"), context.get("parent_page")
    if isinstance(page, PracticePage) or (
        page is None and parent is not None and isinstance(parent.specific, PracticeIndexPage)
    ):
        workflow.relabel_submit(
            menu_items,
            _("Send to the coordinator for review"),
            _("Send again to the coordinator for review"),
        )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def land_after_submitting_a_practice(request, page):
    """After a submit, the editor reads what happens next on a page of ours."""
    if isinstance(page.specific, PracticePage) and workflow.submitted_now(request, page):
        return workflow.land(
            request,
            reverse("practices:submitted", args=[page.pk]),
            gettext("Practice sent to the coordinator for review"),
        )
    return None


# --- The site's plug-in points (docs/hooks.md) ------------------------------------------


@hooks.register("entraide_notification_handlers")
def practices_notification_handlers():
    return [
        notifications.PracticeQuestion,
        notifications.PracticeAdopted,
        notifications.PracticeReviewed,
        notifications.PracticeInTheme,
        notifications.PracticeSubmitted,
    ]


@hooks.register("entraide_search_providers")
def practices_search_providers():
    return [
        Provider(
            "practice",
            _("Practices"),
            search.practices,
            order=35,
            cache_level=permissions.search_level,
        ),
        Provider(
            "practice_elsewhere",
            _("Practices from elsewhere"),
            search.elsewhere,
            order=36,
            cache_level=search.elsewhere_level,
        ),
    ]


@hooks.register("entraide_followable")
def practices_followable():
    return [Followable(PracticePage, permissions.can_view)]


@hooks.register("entraide_comment_targets")
def practices_comment_targets():
    return [CommentTarget(PracticePage, comment_target, pages.describe_comment_targets)]


hooks.register("entraide_association_page", pages.association_practices)
hooks.register("entraide_workspace_attention", pages.attention)
hooks.register("entraide_demo_loaders", demo.load, order=30)


@hooks.register("entraide_public_models")
def public_models():
    """A public practice shows its adoptions, the meetings where it is presented (their topics
    and dates) and the network's decisions it cites."""
    return [Adoption, PracticePresentation, Topic, MeetingPage, Decision, RemotePractice]


def practices_shared(start, end):
    """Practices first published between ``start`` and ``end``, per association."""
    return dict(
        PracticePage.objects.live()
        .filter(
            association__isnull=False,
            first_published_at__date__gte=start,
            first_published_at__date__lte=end,
        )
        .values_list("association_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


@hooks.register("entraide_figures_participation")
def practices_participation():
    return [ParticipationColumn("practices", _("practices shared"), practices_shared, 30)]


@hooks.register("entraide_network_created")
def library_of_a_new_network(network):
    """A new network gets its library: the index page, the collection, the writers, the review."""
    with networks.activate(network):
        bootstrap.ensure_network()
