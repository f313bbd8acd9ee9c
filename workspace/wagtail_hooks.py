from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
