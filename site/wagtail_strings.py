"""Wagtail's own strings of the review workflows, in the network's words.

The site's catalogue (``locale/``, first in ``LOCALE_PATHS``) wins over Wagtail's: a msgid of
Wagtail that is also in our ``django.po`` is translated our way. ``makemessages`` only
collects the msgids it finds in our code, so the ones we translate differently are listed
here (``gettext_noop``: nothing runs them). Where a workflow step has a page of its own
(submitting a practice or minutes), the apps' ``wagtail_hooks`` say it more precisely
(``entraide.workflow``); these strings are what remains, in the editor's status panel, its
history and the admin's dashboard.
"""

from django.utils.translation import gettext_noop

WAGTAIL_STRINGS = [
    gettext_noop("Page '%(page_title)s' has been submitted for moderation."),
    gettext_noop("Page '%(page_title)s' created and submitted for moderation."),
    gettext_noop("Submit for moderation"),
    gettext_noop("In Moderation"),
    gettext_noop("in moderation"),
    gettext_noop("live + in moderation"),
    gettext_noop("This page hasn't been submitted for moderation yet"),
    gettext_noop("The page '%(page_title)s' is not currently awaiting moderation."),
    gettext_noop("Awaiting your review"),
    gettext_noop("Your pages and snippets in a workflow"),
]
