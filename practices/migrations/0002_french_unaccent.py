"""French full-text search without accents, on PostgreSQL only.

The ``french_unaccent`` text search configuration is the ``SEARCH_CONFIG`` of Wagtail's
search backend when ``DATABASE_URL`` is PostgreSQL: words are unaccented, then stemmed
in French, so "benevole", "bénévole" and "bénévoles" give the same lexeme. ``unaccent``
is a trusted extension (PostgreSQL 13+): the database's owner may create it. The
embedded SQLite has nothing to create (see ``practices.search``).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
