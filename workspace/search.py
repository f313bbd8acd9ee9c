"""What the workspace gives the network search (``entraide.search``): meetings, topics,
discussions, the needs and offers of the board and the associations' liaison sheets, as the searcher may see them. The
``entraide_search_providers`` hook of ``workspace.wagtail_hooks`` names them."""

from dataclasses import dataclass

from django.utils import translation

from entraide import pagecache
from entraide.search import LIMIT_PER_KIND, Result, excerpt, page_urls, search_models

from . import permissions
from .models import Discussion, Level, MeetingPage, Post
from .services import directory


def meetings(query, user):
    if not permissions.can_view_meetings(user):
        return []
    # Limited in the database (one more than kept, to tell the search it is capped).
    found = list(MeetingPage.objects.live().search(query)[: LIMIT_PER_KIND + 1])
    urls = page_urls(found)
    return [
        Result("meeting", page.title, urls[page.pk], page.date, excerpt(page.practical_info))
        for page in found
        if page.pk in urls
    ]


def topics(query, user):
    if not permissions.can_view_meetings(user):
        return []
    found = search_models(query, permissions.visible_topics(user).select_related("association"))[
        : LIMIT_PER_KIND + 1
    ]
    return [
        Result(
            "topic",
            topic.title,
            topic.get_absolute_url(),
            topic.created_at.date(),
            excerpt(topic.description),
        )
        for topic in found
        if permissions.can_view_topic(user, topic)
    ]


def discussions(query, user):
    if not permissions.is_network_member(user):
        return []
    found = search_models(query, Discussion.objects.select_related("association"))[
        : LIMIT_PER_KIND + 1
    ]
    return [
        Result(
            "discussion", d.title, d.get_absolute_url(), d.created_at.date(), excerpt(d.situation)
        )
        for d in found
        if permissions.can_view_discussion(user, d)
    ]


def board_posts(query, user):
    """The needs and offers of the board, for those who read the board (never anonymous
    visitors); the answers, private to two associations, are not searched."""
    if not permissions.can_view_board(user):
        return []
    found = search_models(query, Post.objects.select_related("association"))[: LIMIT_PER_KIND + 1]
    return [
        Result(
            "board",
            f"{post.title} — {post.association.name}",
            post.get_absolute_url(),
            post.created_at.date(),
            excerpt(
                " · ".join(
                    filter(
                        None,
                        [
                            str(post.get_kind_display()).capitalize(),
                            str(post.get_status_display()),
                            post.place,
                            post.description,
                        ],
                    )
                )
            ),
        )
        for post in found
    ]


def associations(query, user):
    """Liaison sheets found by the words of what the searcher may read of them (activity
    words such as "bébé", "couches", "colis", "horaires" included), from ``_sheet_rows``: no
    query on a warm cache. The searcher's level is decided per sheet by
    ``permissions.viewer_level`` (an editor reads all of their own sheet)."""
    words = [w for w in directory.folded(query).split() if len(w) > 1]
    if not words:
        return []
    base = permissions.viewer_level(user)
    own_rows = None
    found = []
    for row in _sheet_rows(base):
        if permissions.viewer_level(user, row.association_id) != base:
            # An editor reads all of their own sheet.
            if own_rows is None:
                own_rows = {own.pk: own for own in _sheet_rows(Level.AGENTS)}
            row = own_rows[row.pk]
        if all(word in row.words for word in words):
            state = directory.status_of(row.hours, row.closures)
            parts = ([state["phrase"]] if state else []) + row.activities
            found.append(Result("association", row.name, row.url, None, excerpt(" · ".join(parts))))
    return found


@dataclass(frozen=True)
class SheetRow:
    """What the search reads of one sheet, as a reader of one level reads it."""

    pk: int
    association_id: int
    name: str
    url: str
    words: str
    activities: list
    hours: list
    closures: list


def _sheet_rows(level):
    """A ``SheetRow`` for every active sheet as a reader of ``level`` reads it.

    Kept in the cache until the next public change (the anonymous page cache's generation:
    saving a sheet, a place, a service, a closure… starts a new one), so that the search
    costs no query for the directory; only the open-now phrase is worked out each time."""

    def rows():
        found = []
        for sheet in directory.sheets():
            view = directory.view_of(sheet, None, level=level)
            found.append(
                SheetRow(
                    pk=sheet.pk,
                    association_id=sheet.association_id,
                    name=view.name,
                    url=sheet.get_absolute_url(),
                    words=directory.folded(view.search_text()),
                    activities=[str(s.get_activity_display()) for s in view.services],
                    hours=[text for _p, _s, text in view.hours_sources()],
                    closures=view.closure_data(),
                )
            )
        return found

    return pagecache.remember(f"directory-search:{level}:{translation.get_language()}", rows)
