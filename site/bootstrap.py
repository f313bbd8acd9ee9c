"""The page tree the site needs, put back in place if it is missing.

The data migration ``0002_create_homepage`` creates the home page on a new database;
this does the same with the current models, idempotently, for a database that was
emptied (``manage.py flush``, transactional tests) and is run after every migrate.
"""

import importlib

from django.conf import settings
from wagtail.models import Locale, Page, Site

from .models import HomePage


def ensure_home_page():
    home = HomePage.objects.first()
    if home is not None:
        return home
    content = importlib.import_module("entraide.migrations.0002_create_homepage")
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    home = root.add_child(
        instance=HomePage(
            title=content.TITLE,
            slug="accueil",
            lead=content.LEAD,
            body=content.BODY,
            credit=content.CREDIT,
        )
    )
    home.save_revision().publish()
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, site_name="Entraide", root_page=home, is_default_site=True
    )
    return home
