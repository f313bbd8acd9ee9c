"""Media on an S3-compatible object store (django-storages), switched on by
``AWS_STORAGE_BUCKET_NAME``: several web machines then share the same files.

The bucket stays private: objects are written without a public ACL, nothing links to the
bucket (``MEDIA_URL`` still points at our permission-checked views, which read the object
and stream it), and the stored names keep their random part (``random_name``), as on disk.
"""

from django.conf import settings
from storages.backends.s3 import S3Storage

from .files import random_name


class PrivateS3Storage(S3Storage):
    default_acl = None  # the bucket's own setting: private
    file_overwrite = False
    querystring_auth = True  # were a URL ever made, it would be signed and short-lived
    querystring_expire = 300

    def generate_filename(self, filename):
        return random_name(super().generate_filename(filename))

    def url(self, name, parameters=None, expire=None, http_method=None):
        # Pages link MEDIA_URL + name (answered by our views), never the bucket.
        return f"{settings.MEDIA_URL}{name}"
