"""The site's signal receivers (connected when ``EntraideConfig.ready`` imports this): anonymous
pages are dropped from the cache when content changes, and members' cached fragments
(agendas, attendance, minutes) when what they show changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache


@receiver(page_published, dispatch_uid="pagecache-published")
@receiver(page_unpublished, dispatch_uid="pagecache-unpublished")
@receiver(post_page_move, dispatch_uid="pagecache-moved")
def drop_cached_pages_on_publication(sender, **kwargs):
    """A page published, unpublished or moved: every anonymous page may show it."""
    pagecache.invalidate()


@receiver(post_delete, dispatch_uid="pagecache-delete")
def drop_cached_pages_on_deletion(sender, instance, **kwargs):
    if isinstance(instance, Page) or pagecache.shows_publicly(sender):
        pagecache.invalidate()
    if pagecache.shows_to_members(sender):
        pagecache.invalidate_member_fragments()


@receiver(post_save, dispatch_uid="pagecache-save")
def drop_cached_pages_on_save(sender, instance, raw=False, **kwargs):
    """A row of a model that public pages show (``entraide_public_models``) changed."""
    if not raw and pagecache.shows_publicly(sender):
        pagecache.invalidate()
    if not raw and pagecache.shows_to_members(sender):
        pagecache.invalidate_member_fragments()


@receiver(m2m_changed, dispatch_uid="member-fragments-m2m")
def drop_member_fragments_on_relation_change(sender, instance, **kwargs):
    """A decision's associations and the like: what the minutes show."""
    if pagecache.shows_to_members(type(instance)):
        pagecache.invalidate_member_fragments()
