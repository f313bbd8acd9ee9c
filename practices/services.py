"""Every change the library makes outside the page editor: adoptions, presenting a practice
at a meeting, and the news of questions and reviews (``workspace.notifications``)."""

from django.db import transaction
from django.utils.translation import gettext as _

from workspace import networks, notifications
from workspace.models import TopicKind
from workspace.services.topics import propose_topic

from .models import Adoption, PracticePresentation


@transaction.atomic
def adopt(practice, user, *, association, kind, note, adopted_on):
    """``association`` says it does this too (or tried it): once per association (a second
    answer raises ``IntegrityError``)."""
    adoption = Adoption.objects.create(
        practice=practice,
        association=association,
        kind=kind,
        note=note,
        adopted_on=adopted_on,
        created_by=user,
    )
    # The news belongs to the practice's network (its authors' notifications and digests),
    # and says where the adopting association is when that is another network.
    home = networks.network_of(practice)
    here = networks.network_of(association)
    payload = {"adoption_id": adoption.pk, "practice_id": practice.pk}
    if home is not None and here is not None and home.pk != here.pk:
        payload["from_network"] = here.name
    with networks.activate(home):
        notifications.emit("practice_adopted", f"practice-adoption:{adoption.pk}", **payload)
    return adoption


def withdraw_adoption(adoption):
    adoption.delete()


@transaction.atomic
def present(practice, user, topic=None, *, sheet_url):
    """Link the practice to a topic "practice to share": ``topic``, or a new proposal for the
    next meeting that points to the sheet (``sheet_url``). Returns the topic."""
    if topic is None:
        topic = propose_topic(
            user,
            association=practice.association,
            title=practice.title[:200],
            description=_(
                "Presentation of the practice “%(title)s”: %(summary)s\n\nThe sheet: %(url)s"
            )
            % {"title": practice.title, "summary": practice.summary, "url": sheet_url},
            kind=TopicKind.PRACTICE,
            estimated_minutes=15,
        )
    PracticePresentation.objects.create(topic=topic, practice=practice, linked_by=user)
    return topic


def question_posted(practice, comment):
    """A question or an answer (in the transaction that saves the comment)."""
    notifications.emit(
        "practice_question",
        f"practice-comment:{comment.pk}",
        comment_id=comment.pk,
        practice_id=practice.pk,
    )


def practice_submitted(task_state, user=None):
    """A practice waits for review (submitted, or submitted again after changes): the
    coordination hears of it, with a link to its review."""
    page = task_state.workflow_state.content_object
    notifications.emit(
        "practice_submitted",
        f"practice-submitted:task-state:{task_state.pk}",
        practice_id=page.pk,
        submitter_id=user.pk if user else None,
    )


def practice_sent_back(task_state, user=None):
    """A reviewer asked for changes on a practice: its association hears of it."""
    page = task_state.workflow_state.content_object
    notifications.emit(
        "practice_reviewed",
        f"practice-reviewed:task-state:{task_state.pk}",
        practice_id=page.pk,
        outcome="changes",
        comment=task_state.comment or "",
        reviewer_id=user.pk if user else None,
    )


def practice_published(practice, revision):
    """A version of a practice went live: its association hears of it, once per revision."""
    notifications.emit(
        "practice_reviewed",
        f"practice-reviewed:revision:{revision.pk}",
        practice_id=practice.pk,
        outcome="published",
        comment="",
    )
    # The first publication is news for whoever follows one of its themes (one event per
    # practice: a later version is not new).
    if practice.themes.exists():
        notifications.emit(
            "practice_in_theme", f"practice:{practice.pk}:themes", practice_id=practice.pk
        )
