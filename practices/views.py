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
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from entraide import files
from workspace import networks
from workspace.models import Association
from workspace.views.comments import post_from_request

from . import elsewhere, pages, permissions, sanitize, services
from .forms import AdoptionForm, PresentForm, SubscriptionForm
from .models import Adoption, FeedSubscription, PracticePage, RemotePractice, Visibility
from .pages import QUESTION_LABEL, get_index
from .remote import refresh

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
    form, adoption = record_adoption(request, practice, associations)
    if adoption is not None:
        messages.success(
            request,
            _("Thank you: the network now sees that %(association)s adopted this practice.")
            % {"association": adoption.association.name},
        )
        return redirect(f"{practice.url}#adoptions")
    return show_practice(request, practice, status=400, adoption_form=form)


def record_adoption(request, practice, associations):
    """The adoption form sent for ``practice`` by one of ``associations``: (the form, the
    adoption saved — None when the form is refused, its errors in it)."""
    form = AdoptionForm(request.POST, practice=practice, associations=associations)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        adoption = services.adopt(
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
        return form, None
    return form, adoption


def remove_adoption(request, practice, adoption_pk):
    """Withdraws an answer of one of the user's associations about ``practice`` (404 for
    anyone else's)."""
    adoption = get_object_or_404(Adoption, pk=adoption_pk, practice=practice)
    if not permissions.can_withdraw_adoption(request.user, adoption):
        raise Http404
    services.withdraw_adoption(adoption)
    messages.success(request, _("Your association's answer is withdrawn."))


@require_POST
def withdraw_adoption(request, pk, adoption_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = get_practice(request, pk)
    remove_adoption(request, practice, adoption_pk)
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


def public_practices():
    """The current network's public, live practices, for its open data feeds."""
    return (
        PracticePage.objects.live()
        .public()
        .filter(visibility=Visibility.PUBLIC)
        .select_related("association")
        .prefetch_related("themes")
        .order_by("-first_published_at", "pk")
    )


def practice_id(practice):
    """A practice's id in the feeds: stable across renames of its page and of its host."""
    network = networks.current_or_default()
    slug = network.slug if network else "entraide"
    return f"urn:entraide:{slug}:practice:{practice.pk}"


def publisher_of(network):
    """Who publishes a network's practices, for their citation: the first network keeps the
    publisher it always had (``DEFAULT_PUBLISHER``)."""
    if network is None or network.site.is_default_site:
        return None
    return network.name


def network_title():
    network = networks.current_or_default()
    town = network.town if network else "Roubaix"
    return _("Good practices of the food-aid network of %(town)s") % {"town": town}


class PracticeFeed(Feed):
    """Atom feed of the current network's public practices only, whoever asks.

    Made for each request, so that its addresses use the host that was asked (the sites
    framework's single domain would not).
    """

    feed_type = Atom1Feed

    def __init__(self, request):
        super().__init__()
        self.request = request

    def absolute(self, path):
        if "://" in path:
            return path
        return self.request.build_absolute_uri(path)

    def feed_url(self):
        return self.absolute(reverse("practices:feed"))

    def title(self):
        return network_title()

    def subtitle(self):
        return _("Practices shared by the associations of the network, public ones.")

    def link(self):
        index = get_index()
        return self.absolute(index.get_url(self.request) if index else "/pratiques/")

    def items(self):
        return public_practices()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return self.absolute(item.get_url(self.request))

    def item_guid(self, item):
        return practice_id(item)

    item_guid_is_permalink = False

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


JSON_FEED_ITEMS = 500


def json_item(request, practice):
    """One practice in the JSON Feed: its structured fields under ``_entraide``."""
    url = request.build_absolute_uri(practice.get_url(request))
    network = networks.current_or_default()
    sections = {name: getattr(practice, name) for name in practice.RICH_FIELDS}
    steps = [block.value for block in practice.actions]
    if steps:
        sections["actions"] = "<ol>{}</ol>".format(
            "".join(
                "<li><strong>{}</strong>{}</li>".format(
                    escape(step.get("title") or ""),
                    sanitize.clean_html(str(step.get("text") or "")),
                )
                for step in steps
            )
        )
    sections = {name: html for name, html in sections.items() if html}
    return {
        "id": practice_id(practice),
        "url": url,
        "title": practice.title,
        "summary": practice.summary,
        "content_html": "".join(sections.values()),
        "date_published": practice.first_published_at.isoformat()
        if practice.first_published_at
        else None,
        "date_modified": practice.last_published_at.isoformat()
        if practice.last_published_at
        else None,
        "authors": [{"name": practice.credit_author or practice.runner_name}],
        "tags": [theme.name for theme in practice.themes.all()],
        "language": "fr",
        "_entraide": {
            "sections": sections,
            "themes": [theme.name for theme in practice.themes.all()],
            "association": practice.runner_name,
            "town": practice.place or (network.town if network else ""),
            "network": network.name if network else "",
            "start_year": practice.start_year,
            "cost": practice.cost,
            "licence": practice.get_licence_display(),
            "licence_id": practice.licence,
            "licence_url": practice.licence_url,
            "citation": practice.citation(url, publisher=publisher_of(network)),
        },
    }


def json_feed(request):
    """JSON Feed 1.1 of the current network's public practices, with their structured
    fields (the RESOLIS sections, themes, association, town, licence, citation, dates)."""
    index = get_index()
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": network_title(),
        "description": _("Practices shared by the associations of the network, public ones."),
        "home_page_url": request.build_absolute_uri(
            index.get_url(request) if index else "/pratiques/"
        ),
        "feed_url": request.build_absolute_uri(reverse("practices:json_feed")),
        "language": "fr",
        "items": [json_item(request, p) for p in public_practices()[:JSON_FEED_ITEMS]],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    return response


# --- Practices from elsewhere --------------------------------------------------------------


def elsewhere_index(request):
    """``/pratiques/ailleurs/``: the public practices of the other networks of this
    installation, and those read from the feeds this network subscribed to."""

    rows = elsewhere.elsewhere_practices()
    remote = list(remote_practices_here())
    paginator = Paginator(rows, pages.PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    index = get_index()
    return render(
        request,
        "practices/elsewhere_index.html",
        {
            "index": index,
            "practices": page,
            "count": paginator.count,
            "remote_practices": remote,
            "can_subscribe": permissions.can_manage_subscriptions(request.user),
        },
    )


def remote_practices_here():

    return RemotePractice.objects.select_related("subscription").order_by("-published_at", "title")


def elsewhere_practice(request, network_slug, pk, adoption_form=None, status=200):
    """A public practice of another network, read-only on this host, with its attribution."""
    practice = elsewhere.get_elsewhere(network_slug, pk)
    return render(
        request,
        "practices/elsewhere_practice.html",
        elsewhere_context(request, practice, adoption_form),
        status=status,
    )


def elsewhere_context(request, practice, adoption_form=None):
    user = request.user
    original = elsewhere.original_url(request, practice)
    adoptions = list(
        Adoption.objects.everywhere()
        .filter(practice=practice)
        .select_related("association__network")
        .order_by("association__name")
    )
    done = {a.association_id for a in adoptions}
    writable = permissions.writable_association_ids(user)
    context = {
        "page": practice,
        "network": practice.network,
        "original_url": original,
        "citation": practice.citation(original, publisher=publisher_of(practice.network)),
        "steps": [block.value for block in practice.actions],
        "themes": practice.themes.all(),
        "adoptions": adoptions,
        "mine": [a for a in adoptions if a.association_id in writable],
        "index": get_index(),
    }
    open_associations = [
        a for a in permissions.adopting_associations(user, practice) if a.pk not in done
    ]
    if adoption_form is not None:
        context["adoption_form"] = adoption_form
    elif open_associations:
        context["adoption_form"] = AdoptionForm(practice=practice, associations=open_associations)
    return context


@require_POST
def elsewhere_adopt(request, network_slug, pk):
    """An association of this network adopts a practice of another network: the same
    adoption as at home; the practice's authors hear of it in their own network."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = elsewhere.get_elsewhere(network_slug, pk)
    associations = permissions.adopting_associations(request.user, practice)
    if not associations:
        raise PermissionDenied
    form, adoption = record_adoption(request, practice, associations)
    if adoption is not None:
        messages.success(
            request,
            _(
                "Thank you: %(association)s now shows among those who adopted this "
                "practice, and its authors in %(network)s are told."
            )
            % {"association": adoption.association.name, "network": practice.network.name},
        )
        return redirect(f"{practice.elsewhere_url}#adoptions")
    return render(
        request,
        "practices/elsewhere_practice.html",
        elsewhere_context(request, practice, adoption_form=form),
        status=400,
    )


@require_POST
def elsewhere_withdraw(request, network_slug, pk, adoption_pk):
    """An association of this network withdraws its adoption of another network's practice."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = elsewhere.get_elsewhere(network_slug, pk)
    remove_adoption(request, practice, adoption_pk)
    return redirect(f"{practice.elsewhere_url}#adoptions")


# --- Subscriptions to other installations' feeds ---------------------------------------


def subscriptions(request):
    """``/pratiques/abonnements/``: the feeds of practices this network reads; its
    coordination adds one (read at once, then by the beat task every hour)."""

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_manage_subscriptions(request.user):
        raise Http404
    form = SubscriptionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            subscription = FeedSubscription.objects.create(
                url=form.cleaned_data["url"],
                title=form.cleaned_data["title"],
                created_by=request.user,
            )
            count = refresh(subscription)
            if count is None:
                subscription.refresh_from_db()
                messages.warning(
                    request,
                    _("The feed is saved but could not be read yet: %(error)s")
                    % {"error": subscription.error},
                )
            else:
                messages.success(
                    request,
                    _("The feed is read: %(count)d practices from it now show here.")
                    % {"count": count},
                )
            return redirect("practices:subscriptions")
        status = 400
    return render(
        request,
        "practices/subscriptions.html",
        {
            "form": form,
            "subscriptions": FeedSubscription.objects.annotate(
                practice_count=Count("practices")
            ).order_by("title", "url"),
            "index": get_index(),
        },
        status=status,
    )


@require_POST
def subscription_delete(request, pk):

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_manage_subscriptions(request.user):
        raise Http404
    subscription = get_object_or_404(FeedSubscription, pk=pk)
    subscription.delete()
    messages.success(request, _("The feed is no longer read; its practices are removed."))
    return redirect("practices:subscriptions")
