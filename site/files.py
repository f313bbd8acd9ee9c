"""How the site stores and serves uploaded files.

The media folder is private. Nothing serves it as a folder (no ``static()`` route, and a
reverse proxy must not serve it either): every file is answered by a view that asks the
permission module of the app the file belongs to.

- **Stored names are random.** :class:`PrivateStorage` (the default storage) gives every file
  saved through a model's file field — topic attachments, Wagtail's documents, images and
  renditions, any later upload — a random name in its folder, keeping only the extension.
  The name a person gave the file stays in the database (``TopicAttachment.name``, a
  document's or an image's title) and is the one a download carries.
- **Addresses.** ``MEDIA_URL`` is ``/fichiers/``: the addresses Wagtail builds from the storage
  (admin thumbnails, renditions in previews) reach :func:`serve_stored`, which hands the
  name to the ``entraide_serve_stored_file`` hooks (docs/hooks.md). The app a file belongs to answers for it (a
  response, or ``Http404``); a file no hook claims is a 404. Topic attachments, the
  practices' images and documents also have their own addresses (``meetings:attachment``,
  ``practices:image``, ``practices:document``), and Wagtail's ``/documents/<id>/<name>``
  is answered by the practices' ``before_serve_document`` hook.
- **Headers.** :func:`file_response` and :func:`protect` are the one place that sets
  ``Cache-Control``, ``X-Content-Type-Options: nosniff`` and ``Content-Disposition`` on what
  the site sends as a file (uploads, PDFs, ``.ics``).
"""

import os
import re
import secrets
import unicodedata

from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import FileResponse, Http404
from wagtail import hooks

# Private files and documents: only the person who asked may keep it, and a shared computer
# keeps no copy in the browser's cache.
PRIVATE = "private, no-store"
# Images of private content (a network-only practice, admin thumbnails): the browser may
# keep them an hour, so that a page of thumbnails does not load them again each time.
PRIVATE_IMAGE = "private, max-age=3600"
# What a public practice shows is as public as the practice; shared caches may keep it.
PUBLIC = "public, max-age=3600"
# The calendar feed: calendar applications poll it; only the subscriber may keep it.
PRIVATE_FEED = "private, max-age=900"

_EXTENSION = re.compile(r"^[a-z0-9]{1,10}$")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
# Stored names are ours: folders, random letters, an extension. Anything else is no file.
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_./-]")


def random_name(name):
    """``folder/<random>.ext`` for ``folder/any name.ext``: the folder and extension kept."""
    folder, base = os.path.split(name)
    extension = os.path.splitext(base)[1][1:].lower()
    token = secrets.token_urlsafe(18)
    if _EXTENSION.match(extension):
        token = f"{token}.{extension}"
    return os.path.join(folder, token) if folder else token


class PrivateStorage(FileSystemStorage):
    """The media folder, where every uploaded file gets an unguessable name."""

    def generate_filename(self, filename):
        return random_name(super().generate_filename(filename))


def download_name(title, extension=""):
    """A file name for a download, from a title a person chose: readable, never a path."""
    name = unicodedata.normalize("NFC", str(title or ""))
    name = _UNSAFE.sub(" ", name)
    name = " ".join(name.split()).strip(". ")[:120] or "fichier"
    extension = (extension or "").lower().lstrip(".")
    if extension and not name.lower().endswith(f".{extension}"):
        name = f"{name}.{extension}"
    return name


def protect(response, cache=PRIVATE):
    """The headers every file the site sends carries (uploads, PDFs, ``.ics``)."""
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_response(stored, filename, content_type, *, inline=False, cache=PRIVATE):
    """A stored file as a download (or shown in the browser with ``inline``).

    ``stored`` is a model's file (``FieldFile``); ``filename`` the name the person sees.
    """
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    return protect(response, cache)


def serve_stored(request, name):
    """``MEDIA_URL`` + a stored name: the app the file belongs to decides, else 404."""
    if not name or name.startswith("/") or ".." in name.split("/") or _UNSAFE_NAME.search(name):
        raise Http404
    for answer in hooks.get_hooks("entraide_serve_stored_file"):
        response = answer(request, name)
        if response is not None:
            return response
    raise Http404


def rename_stored_files(rows, field_name="file"):
    """Give the files of ``rows`` random names (for files stored before names were random).

    Each file is copied under its new name and the row updated; the old file is removed
    once the transaction commits, so a rollback leaves every row pointing at a file.
    Returns the number of files renamed.
    """
    renamed = 0
    for row in rows:
        stored = getattr(row, field_name)
        old = stored.name
        if not old or not stored.storage.exists(old):
            continue
        storage = stored.storage
        with storage.open(old, "rb") as source:
            new = storage.save(random_name(old), source)
        type(row)._default_manager.filter(pk=row.pk).update(**{field_name: new})
        transaction.on_commit(lambda storage=storage, old=old: storage.delete(old))
        renamed += 1
    return renamed
