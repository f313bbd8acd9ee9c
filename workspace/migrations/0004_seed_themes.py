from django.db import migrations

# A copy of the list at the time of this migration (workspace/models/themes.py).
DEFAULT_THEMES = [
    ("distribution", "Distribution"),
    ("stock-chaine-du-froid", "Stock et chaîne du froid"),
    ("benevoles", "Bénévoles"),
    ("orientation", "Orientation"),
    ("hygiene", "Hygiène"),
    ("financement", "Financement"),
    ("partenariats", "Partenariats"),
    ("energie", "Énergie et factures"),
    ("sans-papiers", "Personnes sans papiers"),
    ("petite-enfance", "Petite enfance (lait, couches)"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("workspace", "Theme")
    for slug, name in DEFAULT_THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("workspace", "0003_theme_meetingpage_secretary")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
