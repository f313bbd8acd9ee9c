from celery import shared_task

from workspace.tasks import each_network

from . import services


@shared_task(name="minutes.tasks.close_circulations")
def close_circulations():
    """End the circulations whose period is over; the director's approval follows."""
    return each_network(services.close_circulations)


@shared_task(name="minutes.tasks.send_action_reminders")
def send_action_reminders():
    """Due in a few days, or overdue: each reminder once per action."""
    return each_network(services.send_action_reminders)


@shared_task(name="minutes.tasks.send_circulation_reminders")
def send_circulation_reminders():
    """Two days before a circulation ends, to those who have not read the draft (once)."""
    return each_network(services.send_circulation_reminders)
