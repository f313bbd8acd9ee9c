"""Places where other apps (minutes, practices…) add to the workspace's pages.

The workspace does not import them; each app registers its callables in its
``AppConfig.ready()``.
"""

# (request, meeting) -> dict added to the meeting page's context
meeting_page = []
# (request, association) -> dict added to an association's workspace page context
association_page = []
# (meeting, user) -> list of entries shown under the agenda's "follow-up of actions" item
follow_up = []
# (user) -> list of {"text", "url"} for "needs my attention" on the workspace home
attention = []


def context_for(registry, *args):
    context = {}
    for provider in registry:
        context.update(provider(*args))
    return context


def follow_up_for(meeting, user):
    return [entry for provider in follow_up for entry in provider(meeting, user)]
