"""The library's views: adoption, questions, presentation at a meeting, images and
documents through permission checks, the PDF and the Atom feed. The list and the sheets
are Wagtail pages (``practices.pages``)."""

import mimetypes
import os
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from entraide import files
from workspace.models import Association
from workspace.views.comments import post_from_request

from . import pages, permissions, services
from .forms import AdoptionForm, PresentForm
from .models import Adoption, PracticePage, Visibility
from .pages import QUESTION_LABEL, get_index

IMAGE_SIZES = {"vignette": "max-480x360", "grand": "max-1200x1200"}


def get_practice(request, pk):
    """The live practice ``pk`` if ``request.user`` may read it, else 404."""
    practice = get_object_or_404(PracticePage.objects.live().select_related("association"), pk=pk)
    if not permissions.can_view(request.user, practice):
        raise Http404
    return practice


def show_practice(request, practice, status, **forms):
    """The sheet again, with a refused answer in its form (``status`` 400, 409, 429)."""
    return render(
        request,
        "practices/practice_page.html",
        pages.practice_context(request, practice, **forms),
        status=status,
    )


def comment_target(request, pk):
    """For the workspace's flag and hide views: the practice a comment is about."""
    practice = get_practice(request, pk)
    if not permissions.can_read_comments(request.user, practice):
        raise Http404
    return practice


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
        associations = associations + [Association.objects.get(pk=practice.association_id)]
    form = AdoptionForm(request.POST, practice=practice, associations=associations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.adopt(
                practice,
                request.user,
                association=data["association"],
                kind=data["kind"],
                note=data["note"],
                adopted_on=data["adopted_on"],
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
    return show_practice(request, practice, status=400, adoption_form=form)


@require_POST
def withdraw_adoption(request, pk, adoption_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = get_practice(request, pk)
    adoption = get_object_or_404(Adoption, pk=adoption_pk, practice=practice)
    if not permissions.can_withdraw_adoption(request.user, adoption):
        raise Http404
    services.withdraw_adoption(adoption)
    messages.success(request, _("Your association's answer is withdrawn."))
    return redirect(f"{practice.url}#adoptions")


# --- Questions and answers ------------------------------------------------------------------


@require_POST
def post_question(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = get_practice(request, pk)

    return post_from_request(
        request,
        practice,
        allowed=permissions.can_comment(request.user, practice),
        render=lambda form, status: show_practice(
            request, practice, status=status, comment_form=form
        ),
        notify=lambda comment: services.question_posted(practice, comment),
        url=practice.url,
        success=_("Your message is published."),
        label=QUESTION_LABEL,
    )


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
        return show_practice(request, practice, status=400, present_form=form)
    topic = form.cleaned_data["topic"]
    services.present(
        practice, request.user, topic, sheet_url=request.build_absolute_uri(practice.url)
    )
    if topic is None:
        messages.success(
            request,
            _(
                "A topic “practice to share” is proposed for the next meeting; the coordination will answer it."
            ),
        )
    else:
        messages.success(request, _("The topic now presents this practice."))
    return redirect(f"{practice.url}#reunions")


def submitted(request, pk):
    """Where an editor lands after submitting a practice: what happens next, who answers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = get_object_or_404(PracticePage.objects.select_related("association"), pk=pk)
    if not permissions.can_edit(request.user, practice):
        raise Http404
    practice = practice.get_latest_revision_as_object()
    return render(
        request, "practices/submitted.html", pages.submitted_context(practice, request.user)
    )


# --- Attachments, through permission checks ---------------------------------------------------


def image(request, pk, image_pk, size):
    practice = get_practice(request, pk)
    if size not in IMAGE_SIZES or image_pk not in practice.attached_image_ids():
        raise Http404
    picture = get_object_or_404(get_image_model(), pk=image_pk)
    rendition = picture.get_rendition(IMAGE_SIZES[size])
    return image_response(
        picture, rendition.file, files.PUBLIC if _is_public(practice) else files.PRIVATE_IMAGE
    )


def document(request, pk, document_pk):
    practice = get_practice(request, pk)
    if document_pk not in practice.attached_document_ids():
        raise Http404
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
    practice = get_practice(request, pk)
    pictures = []
    for value in practice.images:
        picture = value.get("image")
        if picture is None:
            continue
        rendition = picture.get_rendition(IMAGE_SIZES["vignette"])
        try:
            src = rendition.file.path
        except NotImplementedError:
            # Media on an object store have no local path: the sheet is made without its
            # pictures rather than failing (README, "Beyond one machine").
            continue
        pictures.append(
            {
                "src": src,
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
