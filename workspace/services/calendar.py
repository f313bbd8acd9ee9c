"""Each person's private calendar address (the feed itself is built by the calendar views)."""

from ..models import CalendarFeed


def feed_of(user):
    """The person's private feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def renew_feed(feed):
    """A new address: the old one stops working."""
    feed.regenerate()
    return feed
