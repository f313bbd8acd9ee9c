import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    """Writes each message as a row, in the caller's transaction. ``TEST_MAIL_DELAY``
    (seconds) slows each message down, so that a test can kill a worker mid-batch."""

    def send_messages(self, messages):
        from .models import SentMail

        delay = float(os.environ.get("TEST_MAIL_DELAY", "0") or 0)
        for message in messages:
            if delay:
                time.sleep(delay)
            for to in message.to:
                SentMail.objects.create(
                    to=to,
                    subject=message.subject[:300],
                    body=message.body,
                    event_key=message.extra_headers.get("X-Entraide-Event", ""),
                )
        return len(messages)


class UnreachableBackend(BaseEmailBackend):
    """A mail server that does not answer: every message fails as SMTP would."""

    def send_messages(self, messages):
        from smtplib import SMTPServerDisconnected

        raise SMTPServerDisconnected("Connection unexpectedly closed")
