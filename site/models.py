from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from workspace.models import Association
from workspace.models.networks import LocalURLs, NetworkPageManager

from .forms import LimitedPageForm
from .restrictions import ServedRestrictions

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]


class HomePage(LocalURLs, ServedRestrictions, Page):
    """The network's public home: its presentation, editable by the coordinator."""

    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences shown in large type.")
    )
    body = RichTextField(_("presentation"), blank=True, features=RICH_TEXT_FEATURES)
    credit = RichTextField(
        _("source credit"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown in the footer of every page."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("credit"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    base_form_class = LimitedPageForm
    text_limits = {"lead": 1000, "body": 20000, "credit": 1000}
    # One home page per network (each network's site has its own).
    parent_page_types = ["wagtailcore.Page"]

    objects = NetworkPageManager()

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["associations"] = Association.objects.active().order_by("name")
        return context
