"""The notification engine of the workspace, which every app's events go through.

- ``delivery``: ``emit()`` records an event in the caller's transaction (the outbox);
  ``process_event()`` delivers it through the ledger, once per person and channel;
  ``send_digests()`` and ``sweep_outbox()`` run from beat; ``Handler`` is what one kind of
  event means (who receives it, who may still see it, what it says, where it leads);
- ``preferences``: how each person chose to hear about each category, one-click unsubscribe;
- ``mail``: the e-mails and their unsubscribe link and headers;
- ``centre``: the notification centre (reading, marking read);
- ``follows``: following topics, discussions and practices;
- ``handlers``: the workspace's own handlers (meetings, topics, discussions).

Apps give their handlers through the ``entraide_notification_handlers`` hook
(docs/hooks.md); ``from workspace import notifications; notifications.emit(...)`` is how
a service records an event.
"""

from .delivery import Handler, emit, handlers_by_kind, process_event, send_digests, sweep_outbox
from .preferences import (
    APP,
    DAILY,
    EMAIL,
    WEEKLY,
    modes_for,
    preferences_of,
    read_unsubscribe_token,
    set_preference,
    unsubscribe,
    unsubscribe_token,
)

__all__ = [
    "APP",
    "DAILY",
    "EMAIL",
    "WEEKLY",
    "Handler",
    "emit",
    "handlers_by_kind",
    "modes_for",
    "preferences_of",
    "process_event",
    "read_unsubscribe_token",
    "send_digests",
    "set_preference",
    "sweep_outbox",
    "unsubscribe",
    "unsubscribe_token",
]
