from django.db import migrations, models


def fill(apps, schema_editor):
    # reason: the model's save() is not available to a migration; the same words, stemmed
    from django.utils.html import strip_tags

    from practices.stems import stems

    RemotePractice = apps.get_model("practices", "RemotePractice")
    for row in RemotePractice.objects.all().iterator():
        sections = " ".join(strip_tags(html) for html in (row.sections or {}).values())
        parts = [row.title, row.summary, sections, " ".join(row.themes or [])]
        parts += [row.association, row.town, row.network_name]
        row.search_stems = stems("\n".join(part for part in parts if part))
        row.save(update_fields=["search_stems"])


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_remote_practices")]

    operations = [
        migrations.AddField(
            model_name="remotepractice",
            name="search_stems",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
