"""The blocks of a practice sheet: its steps (the "actions" stream) and its images (with a
required alternative text) and documents."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH = ["bold", "italic", "ol", "ul", "link"]


class AltTextBlock(blocks.CharBlock):
    """Alternative text of an image: required, with a message that says why."""

    def __init__(self, **kwargs):
        super().__init__(required=True, max_length=250, **kwargs)
        self.field.error_messages["required"] = _(
            "Describe the image in a few words for people who cannot see it (alternative text)."
        )


class ImageWithAltBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = AltTextBlock(
        label=_("Alternative text"),
        help_text=_("What the image shows, for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt") or "").strip():
            raise blocks.StructBlockValidationError(
                {
                    "alt": ValidationError(
                        _(
                            "Describe the image in a few words for people who cannot see it (alternative text)."
                        )
                    )
                }
            )
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Title shown"),
        help_text=_("Leave empty to show the document's own title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")


STEP_TEXT_LIMIT = 5000


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Step"))
    text = blocks.RichTextBlock(features=RICH, required=False, label=_("Details"))

    class Meta:
        icon = "list-ol"
        label = _("Step")
