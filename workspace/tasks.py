import html
import logging
from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import timezone, translation

from . import networks
from .models import Invitation
from .notifications import delivery
from .notifications.preferences import DAILY, WEEKLY
from .services import board, figures, freshness, meetings

logger = logging.getLogger(__name__)


def each_network(function, *args):
    """Run a sweep (a beat task's work) once in each network, that network current: what it
    lists, whom it tells and the links it sends are that network's. The counts add up (a
    sweep that returns something else gives the list of each network's result)."""
    results = []
    found = networks.all_networks()
    if not found:  # a database without any network yet (before its first migrate's data)
        return function(*args)
    for network in found:
        with networks.activate(network.pk):
            results.append(function(*args))
    if all(isinstance(result, int) for result in results):
        return sum(results)
    return results


def render_mail(subject_template_name, body_template_name, context, html_template_name=None):
    with translation.override("fr"):
        subject = html.unescape(
            "".join(loader.render_to_string(subject_template_name, context).splitlines())
        )
        body = loader.render_to_string(body_template_name, context)
        html_body = (
            loader.render_to_string(html_template_name, context) if html_template_name else None
        )
    return subject, body, html_body


@shared_task(
    name="workspace.tasks.send_rendered_mail",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_rendered_mail(
    subject_template_name, body_template_name, context, to_email, html_template_name=None
):
    subject, body, html_body = render_mail(
        subject_template_name, body_template_name, context, html_template_name
    )
    message = EmailMultiAlternatives(subject, body, to=[to_email])
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@shared_task(name="workspace.tasks.purge_expired_invitations")
def purge_expired_invitations():
    """Forget invitations that expired more than 90 days ago (their e-mail addresses)."""
    limit = timezone.now() - timedelta(days=90)
    deleted, _ = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=limit).delete()
    return deleted


@shared_task(name="workspace.tasks.process_event", acks_late=True)
def process_event(event_id):
    return delivery.process_event(event_id)


@shared_task(name="workspace.tasks.sweep_outbox")
def sweep_outbox():
    """Send what never reached the broker (it was down when the change was saved)."""
    return delivery.sweep_outbox()


@shared_task(name="workspace.tasks.send_daily_digests")
def send_daily_digests():
    return each_network(delivery.send_digests, DAILY)


@shared_task(name="workspace.tasks.send_weekly_digests")
def send_weekly_digests():
    return each_network(delivery.send_digests, WEEKLY)


@shared_task(name="workspace.tasks.send_meeting_reminders")
def send_meeting_reminders():
    return each_network(meetings.send_due_reminders)


@shared_task(name="workspace.tasks.remind_stale_sheets")
def remind_stale_sheets():
    """Daily: reminds the editors of stale sheets, once per sheet per period."""
    return each_network(freshness.send_stale_reminders)


@shared_task(name="workspace.tasks.close_expired_board_posts")
def close_expired_board_posts():
    """Daily: the needs and offers whose date has passed close by themselves."""
    return each_network(board.close_expired)


@shared_task(name="workspace.tasks.remind_missing_reports")
def remind_missing_reports():
    """Monthly: reminds the editors of associations that have not reported the last period."""
    return each_network(figures.remind_last_period)
