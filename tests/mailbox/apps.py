from django.apps import AppConfig


class MailboxConfig(AppConfig):
    """Test-only: a mail backend that records messages in the database, in the same
    transaction as the delivery ledger, so that tests can count what was really sent."""

    name = "tests.mailbox"
    label = "test_mailbox"
    default_auto_field = "django.db.models.BigAutoField"
