"""Maximum lengths for the editors' text fields whose model sets none.

A ``TextField`` or ``RichTextField`` has no limit in the database, and Wagtail's editor
forms then accept a megabyte in it. The limits are set in the forms, not in the database:
a page class (or a snippet) lists them in ``text_limits`` (characters of text; tags do
not count in rich text) and uses ``LimitedPageForm`` (or ``LimitedModelForm``). The
forms of the site's own pages (topics, discussions, comments…) declare their
``max_length`` themselves.
"""

from django.core.validators import MaxLengthValidator
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.fields import RichTextField
from wagtail.rich_text import RichTextMaxLengthValidator

# Wagtail's own free text of every page (its promote tab).
PAGE_TEXT_LIMITS = {"search_description": 300}


def limit_length(field, limit, rich_text=False):
    """Give a form field a maximum length, checked on the server."""
    if rich_text:
        field.validators.append(RichTextMaxLengthValidator(limit))
        return
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class TextLimitsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for name, limit in {**PAGE_TEXT_LIMITS, **getattr(model, "text_limits", {})}.items():
            field = self.fields.get(name)
            if field is not None:
                rich = isinstance(model._meta.get_field(name), RichTextField)
                limit_length(field, limit, rich_text=rich)


class LimitedModelForm(TextLimitsMixin, WagtailAdminModelForm):
    """Base form of a snippet whose model declares ``text_limits``."""


class LimitedPageForm(TextLimitsMixin, WagtailAdminPageForm):
    """Base form of a page whose class declares ``text_limits``."""
