from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import permissions
from .models import Association, Theme


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
