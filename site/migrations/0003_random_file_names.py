"""Files stored before stored names were random get random names.

Topic attachments, Wagtail's documents and original images are renamed (their titles and
the names people gave them stay); renditions, named after their original, are deleted:
Wagtail makes them again, under random names, when they are next shown.
"""

from django.db import migrations, transaction


def rename(apps, schema_editor):
    from entraide.files import rename_stored_files

    for label in ("workspace.TopicAttachment", "wagtaildocs.Document", "wagtailimages.Image"):
        rename_stored_files(apps.get_model(label).objects.order_by("pk"))
    from wagtail.images.models import AbstractRendition

    renditions = apps.get_model("wagtailimages.Rendition").objects.select_related("image")
    cache = AbstractRendition.cache_backend
    for rendition in renditions:
        name, storage = rendition.file.name, rendition.file.storage
        # Wagtail keeps renditions in the cache too: forget them there.
        cache.delete(
            AbstractRendition.construct_cache_key(
                rendition.image, rendition.focal_point_key, rendition.filter_spec
            )
        )
        if name:
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    renditions.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("entraide", "0002_create_homepage"),
        ("workspace", "0006_proposals_category_label"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
