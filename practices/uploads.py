"""Documents uploaded through Wagtail are checked by their content, not their name.

``WAGTAILDOCS_DOCUMENT_FORM_BASE`` points here, so the admin's upload form, the multiple
uploader and the chooser's upload tab all refuse a file whose content is not what its
extension says (a program renamed ``.pdf``, a picture renamed ``.docx``). Size is checked
by Wagtail itself (``WAGTAILDOCS_MAX_UPLOAD_SIZE``), images by Wagtail and Willow.
"""

import filetype
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# Extension → MIME types its content may have, as ``filetype`` recognises them.
BINARY = {
    "pdf": {"application/pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    "rtf": {"application/rtf"},
}
# Plain text: no magic number; it must decode as text and hold no binary content.
TEXT = {"txt", "csv"}


def content_matches(upload):
    """True when the content of ``upload`` is what its extension says."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    upload.seek(0)
    head = upload.read(262144)
    upload.seek(0)
    if extension in TEXT:
        if b"\x00" in head or filetype.guess(head) is not None:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is fine; a real
            # decoding error earlier means a binary or another encoding.
            if error.start < len(head) - 4:
                try:
                    head.decode("cp1252")
                except UnicodeDecodeError:
                    return False
        return True
    kind = filetype.guess(head)
    if extension == "rtf":
        return head.lstrip().startswith(b"{\\rtf")
    return kind is not None and kind.mime in BINARY.get(extension, set())


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "seek") and "file" in self.changed_data:
            if not content_matches(upload):
                extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else "?"
                raise forms.ValidationError(
                    _(
                        "The file's name says .%(extension)s but its content is not: "
                        "rename or convert it."
                    )
                    % {"extension": extension},
                    code="content_mismatch",
                )
        return upload
