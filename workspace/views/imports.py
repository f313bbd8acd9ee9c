"""The coordinator's import of associations from a CSV file, in Wagtail's admin: upload,
preview with each row's errors in French (a dry run), then confirm. The file waits in the
database (``SheetImport``) between the two steps."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import permissions
from ..forms.imports import ImportForm
from ..models import SheetImport
from ..services import imports


def _coordinator(request):
    if not permissions.can_import_associations(request.user):
        raise PermissionDenied


def upload(request):
    _coordinator(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        stored = imports.store_upload(form.cleaned_data["file"], request.user)
        return redirect("directory_import_preview", pk=stored.pk)
    return render(
        request,
        "workspace/directory/import/upload.html",
        {"form": form, "recent": SheetImport.objects.select_related("user")[:10]},
        status=400 if request.method == "POST" else 200,
    )


def preview(request, pk):
    _coordinator(request)
    stored = get_object_or_404(SheetImport, pk=pk)
    if request.method == "POST":
        report, done = imports.confirm(stored, request.user)
        if done:
            messages.success(
                request,
                _("%(n)s associations imported.")
                % {"n": report.counts.get("new", 0) + report.counts.get("update", 0)},
            )
            return redirect("directory_import")
        messages.error(request, _("Nothing was imported: correct the file and upload it again."))
    else:
        report = imports.preview(stored)
    return render(
        request,
        "workspace/directory/import/preview.html",
        {"upload": stored, "report": report},
        status=400 if request.method == "POST" else 200,
    )
