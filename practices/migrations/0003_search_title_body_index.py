"""An index for the full-text search on PostgreSQL.

Wagtail's database backend searches ``(title || body) @@ query`` on its index table; its own
GIN indexes are on ``title`` and on ``body`` apart, which that expression cannot use, so
every search read all the entries of the kind searched. A GIN index on the expression
itself lets PostgreSQL find the matching entries directly (checked with ``EXPLAIN``: a
bitmap index scan on it, e.g. 13 ms instead of a scan of every topic's entry at the
benchmark's scale). The embedded SQLite has its own FTS tables: nothing to create.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS entraide_search_title_body "
    "ON wagtailsearch_indexentry USING gin ((title || body));"
)
DROP = "DROP INDEX IF EXISTS entraide_search_title_body;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_french_unaccent"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
