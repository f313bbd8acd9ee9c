"""The permission matrix: the network built once, the URL of every row, and the table.

``build_world`` makes two associations (A and B) with real objects in every state that
matters for permissions; ``ROWS`` says, for each named URL of the project (and each
Wagtail page that matters), how to address it with those objects and which method to
send; ``tests/permission_matrix.txt`` holds the expected answer of each row for each
role. ``tests/test_permission_matrix.py`` compares them.
"""

import datetime
import io
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

TABLE = Path(__file__).with_name("permission_matrix.txt")
ARTIFACT = Path(settings.BASE_DIR) / "test-artifacts" / "permission-matrix.txt"

# Columns of the table, in this order.
ROLES = [
    "anonymous",
    "member_a",
    "editor_a",
    "member_b",
    "editor_b",
    "former",
    "agent",
    "coordinator",
]

# Named URLs that are not rows of the matrix, with the reason. Every other name of the
# resolver must have at least one row in the table.
EXCLUDED_NAMES = {
    "set_language": "the language switch: the same for everybody, no object",
    "javascript-catalog": "translations for scripts: the same for everybody, no object",
    "wagtaildocs_authenticate_with_password": "Wagtail's shared passwords are turned off",
}
# Wagtail's own URL names (its admin, its serving view): rows only for those below.
WAGTAIL_PREFIXES = ("wagtail",)
WAGTAIL_KEPT = {"wagtailadmin_home", "wagtaildocs_serve", "wagtail_serve"}

# Texts that only some roles may ever read, put into the objects of the world. Any
# answer to another role that contains one of them is a leak.
CANARIES = {
    # A's private proposal (its description): its association and the coordination.
    "CANARY-A-PROPOSAL": {"member_a", "editor_a", "coordinator"},
    # B's private proposal.
    "CANARY-B-PROPOSAL": {"member_b", "editor_b", "coordinator"},
    # The titles of proposals waiting for an answer: every association's members (to say
    # "we too") and the coordination; not the agents, former members or the public.
    "CANARY-A-TITLE": {"member_a", "editor_a", "member_b", "editor_b", "coordinator"},
    "CANARY-B-TITLE": {"member_a", "editor_a", "member_b", "editor_b", "coordinator"},
    # Confidential parts of minutes of a meeting that A attended and B did not.
    "CANARY-CONFIDENTIAL": {"member_a", "editor_a", "coordinator"},
    # Minutes still circulating to the associations that attended (A).
    "CANARY-CIRCULATING": {"member_a", "editor_a", "coordinator"},
    # A practice of A not yet published: A's editors and the coordination.
    "CANARY-DRAFT-PRACTICE": {"editor_a", "coordinator"},
    # A's liaison sheet: an orientation-agent fact (A's editors write it) and a network fact.
    "CANARY-SHEET-AGENTS": {"editor_a", "agent", "coordinator"},
    "CANARY-SHEET-NETWORK": {
        "member_a",
        "editor_a",
        "member_b",
        "editor_b",
        "agent",
        "coordinator",
    },
    # B's answer to A's offer on the board: A, B and the coordination (not the agents).
    "CANARY-BOARD-ANSWER": {"member_a", "editor_a", "member_b", "editor_b", "coordinator"},
    # A's activity report and CCAS allocation: A's people and the coordination.
    "CANARY-REPORT-A": {"member_a", "editor_a", "coordinator"},
    "CANARY-ALLOCATION-A": {"member_a", "editor_a", "coordinator"},
    # A network-only practice: the network, not the public nor former members.
    "CANARY-NETWORK-PRACTICE": {
        "member_a",
        "editor_a",
        "member_b",
        "editor_b",
        "agent",
        "coordinator",
    },
}


# --- The world -------------------------------------------------------------------------


def _pdf(name):
    return ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name=name)


def _png(name):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 20)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


def topic_section(page, topic):
    """The index of the section of ``page`` (its latest content) that covers ``topic``."""
    page.refresh_from_db()
    sections = page.get_latest_revision_as_object().sections
    return [section.value["agenda_item"] for section in sections].index(
        topic.agenda_items.get(meeting=page.get_parent()).pk
    )


def build_world():
    """Every object the rows point at, built with the factories and the services."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from minutes import services as minutes_services
    from minutes.models import ActionItem
    from practices import bootstrap as practices_setup
    from practices.models import Adoption, Visibility
    from tests.factories import AssociationFactory, make_agent, make_coordinator, make_member
    from tests.minutes.conftest import action, decision, fill, publish
    from tests.practices.conftest import make_practice
    from workspace import notifications
    from workspace.models import (
        CalendarFeed,
        Category,
        Consultation,
        Discussion,
        Event,
        Invitation,
        Membership,
        Notification,
        Role,
        TopicAttachment,
        TopicKind,
    )
    from workspace.services import agenda, comments
    from workspace.services import attendance as attendance_services
    from workspace.services import consultations as consultation_services
    from workspace.services import meetings as meeting_services
    from workspace.services import memberships as services
    from workspace.services import topics as topic_services

    w = SimpleNamespace()
    w.a = AssociationFactory(name="Association A", slug="assoc-a", accepts_hosting=True)
    w.b = AssociationFactory(name="Association B", slug="assoc-b", accepts_hosting=True)
    w.coordinator = make_coordinator(email="coordination@matrice.exemple.org")
    w.agent = make_agent(email="agent@matrice.exemple.org")
    w.member_a = make_member(w.a, Role.MEMBER, email="membre@a.matrice.exemple.org")
    w.editor_a = make_member(w.a, Role.EDITOR, email="editeur@a.matrice.exemple.org")
    w.member_b = make_member(w.b, Role.MEMBER, email="membre@b.matrice.exemple.org")
    w.editor_b = make_member(w.b, Role.EDITOR, email="editeur@b.matrice.exemple.org")
    # A former editor of A: the membership is ended, so they are an outsider now.
    w.former = make_member(w.a, Role.EDITOR, email="ancien@a.matrice.exemple.org")
    services.end_membership(
        Membership.objects.get(user=w.former, association=w.a), by=w.coordinator
    )
    w.people = {
        "anonymous": None,
        "member_a": w.member_a,
        "editor_a": w.editor_a,
        "member_b": w.member_b,
        "editor_b": w.editor_b,
        "former": w.former,
        "agent": w.agent,
        "coordinator": w.coordinator,
    }
    w.membership_a = Membership.objects.get(user=w.member_a, association=w.a, ended_at=None)

    today = datetime.date.today()

    def plan(days, host):
        return meeting_services.plan_meeting(
            w.coordinator,
            date=today + datetime.timedelta(days=days),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
            host=host,
        )

    # A past meeting: A came, B did not; minutes published with confidential parts.
    w.held = plan(-30, w.a)
    old = topic_services.propose_topic(
        w.member_a,
        association=w.a,
        title="Maraudes d'hiver",
        description="Organiser les maraudes.",
        kind=TopicKind.DISCUSSION,
        estimated_minutes=20,
        meeting=w.held,
    )
    topic_services.accept_topic(old, w.coordinator, w.held)
    attendance_services.record_attendance(w.held, w.coordinator, {w.a: 2, w.b: None}, covered={})
    w.topic_held = old
    minutes, _created = minutes_services.start_minutes(w.held, w.coordinator)
    due = w.held.date + datetime.timedelta(days=60)
    fill(
        minutes,
        # The section of the topic: its page leads to these decisions and actions.
        section=topic_section(minutes, old),
        summary=[
            {"type": "paragraph", "value": "<p>Ouverture par l'association hôte.</p>"},
            {
                "type": "confidential_paragraph",
                "value": "<p>CANARY-CONFIDENTIAL une famille hébergée chez un bénévole.</p>",
            },
        ],
        decisions=[
            decision("Un planning commun des maraudes"),
            decision("CANARY-CONFIDENTIAL aide discrète", confidential=True),
        ],
        actions=[
            action("Diffuser le planning", w.a, due),
            action("CANARY-CONFIDENTIAL accompagner la famille", w.b, due, confidential=True),
        ],
        user=w.coordinator,
    )
    w.minutes = publish(minutes, w.coordinator)
    w.action_a = ActionItem.objects.get(minutes=w.minutes, owner=w.a)
    w.action_b_confidential = ActionItem.objects.get(minutes=w.minutes, owner=w.b)

    # A second past meeting whose minutes circulate to the associations that came (A).
    w.circulated = plan(-10, w.b)
    attendance_services.record_attendance(
        w.circulated, w.coordinator, {w.a: 1, w.b: None}, covered={}
    )
    # The topic came back at this meeting: its page shows the draft to who may read it.
    agenda.add_topic_item(w.circulated, old)
    draft, _created = minutes_services.start_minutes(w.circulated, w.coordinator)
    fill(
        draft,
        summary=[{"type": "paragraph", "value": "<p>CANARY-CIRCULATING premier jet.</p>"}],
        user=w.coordinator,
    )
    draft.refresh_from_db()
    fill(
        draft,
        section=topic_section(draft, old),
        decisions=[decision("CANARY-CIRCULATING suite des maraudes")],
        user=w.coordinator,
    )
    draft.refresh_from_db()
    draft.get_workflow().start(draft, w.coordinator)
    w.draft_minutes = draft

    # The next meeting, hosted by A, with its agenda published, and one after it.
    w.upcoming = plan(20, w.a)

    def propose(user, association, title, description="Une description du sujet."):
        return topic_services.propose_topic(
            user,
            association=association,
            title=title,
            description=description,
            kind=TopicKind.DISCUSSION,
            estimated_minutes=15,
            meeting=w.upcoming,
        )

    w.topic_a_proposed = propose(
        w.member_a, w.a, "CANARY-A-TITLE un local partagé", "CANARY-A-PROPOSAL le devis du local"
    )
    w.topic_b_proposed = propose(
        w.member_b, w.b, "CANARY-B-TITLE des colis de Noël", "CANARY-B-PROPOSAL les colis"
    )
    w.topic_a_accepted = propose(w.editor_a, w.a, "Les horaires d'été")
    w.topic_b_accepted = propose(w.editor_b, w.b, "La collecte de printemps")
    topic_services.accept_topic(w.topic_a_accepted, w.coordinator, w.upcoming)
    topic_services.accept_topic(w.topic_b_accepted, w.coordinator, w.upcoming)
    # A decision to take on the next agenda, put to the associations; A has answered.
    w.topic_decision = topic_services.propose_topic(
        w.editor_a,
        association=w.a,
        title="Un local commun",
        description="Louer un local à plusieurs.",
        kind=TopicKind.DECISION,
        estimated_minutes=15,
        meeting=w.upcoming,
    )
    topic_services.accept_topic(w.topic_decision, w.coordinator, w.upcoming)
    # Another, of B, not yet put to the associations.
    w.topic_decision_b = topic_services.propose_topic(
        w.editor_b,
        association=w.b,
        title="Une collecte commune",
        description="Une collecte à plusieurs.",
        kind=TopicKind.DECISION,
        estimated_minutes=15,
        meeting=w.upcoming,
    )
    topic_services.accept_topic(w.topic_decision_b, w.coordinator, w.upcoming)
    w.consultation = consultation_services.open_on_topic(
        w.coordinator,
        w.topic_decision,
        question="Louons-nous un local commun ?",
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    consultation_services.take_position(w.consultation, w.editor_a, w.a, stance="agree")
    # A consultation on A's private proposal (its topic went back to "proposed"): as private.
    w.consultation_private = Consultation.objects.create(
        topic=w.topic_a_proposed,
        question="CANARY-A-PROPOSAL une question",
        closes_at=timezone.now() + datetime.timedelta(days=10),
        opened_by=w.coordinator,
    )
    w.circulating_decision_id = (
        draft.get_latest_revision_as_object()
        .sections[topic_section(draft, old)]
        .value["decisions"]
        .bound_blocks[0]
        .id
    )
    agenda.publish_agenda(w.upcoming, w.coordinator)
    w.later = plan(80, w.b)

    def attach(topic, user, name):
        return TopicAttachment.objects.create(
            topic=topic,
            file=_pdf(name),
            name=name,
            content_type="application/pdf",
            size=40,
            uploaded_by=user,
        )

    w.attachment_a_proposed = attach(w.topic_a_proposed, w.member_a, "devis-local.pdf")
    w.attachment_a_accepted = attach(w.topic_a_accepted, w.editor_a, "horaires.pdf")

    # Comments on a private proposal, an accepted topic, a discussion, a practice.
    w.comment_a_proposed = comments.post(w.topic_a_proposed, w.member_a, "Nous avons un devis.")
    w.comment_a_accepted = comments.post(w.topic_a_accepted, w.member_b, "Chez nous aussi.")

    w.discussion_a = Discussion.objects.create(
        title="Des familles arrivent sans domiciliation",
        situation="Depuis un mois, trois familles par semaine.",
        association=w.a,
        opened_by=w.member_a,
    )
    w.discussion_b = Discussion.objects.create(
        title="Plus d'étudiants aux distributions",
        situation="Le mardi surtout.",
        association=w.b,
        opened_by=w.member_b,
    )
    w.comment_discussion = comments.post(w.discussion_a, w.member_b, "Nous le voyons aussi.")

    # The board: an offer of A answered by B, a need of B.
    from workspace.services import board as board_services

    w.post_a = board_services.create_post(
        w.member_a,
        association=w.a,
        kind="offer",
        category="fresh_food",
        title="40 kg de yaourts avant vendredi",
        place="1 rue A",
        until=today + datetime.timedelta(days=3),
        quantity=40,
        unit="kg",
    )
    board_services.answer_post(
        w.post_a, w.member_b, w.b, "CANARY-BOARD-ANSWER nous passons demain."
    )
    w.post_b = board_services.create_post(
        w.editor_b,
        association=w.b,
        kind="need",
        category="vehicle",
        title="Une camionnette samedi",
        place="2 rue B",
        until=today + datetime.timedelta(days=5),
    )

    # Practices: public, network only and a draft of A, with an image and a document each.
    index = practices_setup.ensure_all()
    w.practice_index = index
    image_model, document_model = get_image_model(), get_document_model()
    # Where the writers' uploads go.
    collection = practices_setup.ensure_collection()

    def files(label):
        picture = image_model.objects.create(
            title=f"Image {label}", file=_png(f"{label}.png"), collection=collection
        )
        document = document_model.objects.create(
            title=f"Document {label}", file=_pdf(f"{label}.pdf"), collection=collection
        )
        return (
            picture,
            document,
            [
                {
                    "type": "image",
                    "value": {"image": picture.pk, "alt": "Une photo", "caption": ""},
                },
                {"type": "document", "value": {"document": document.pk, "title": ""}},
            ],
        )

    w.image_public, w.document_public, attachments = files("fiche-publique")
    w.practice_public = make_practice(
        index, w.a, title="Un planning partagé", user=w.editor_a, attachments=attachments
    )
    w.image_network, w.document_network, attachments = files("fiche-reseau")
    w.practice_network = make_practice(
        index,
        w.a,
        title="CANARY-NETWORK-PRACTICE accueil sans justificatif",
        visibility=Visibility.NETWORK,
        user=w.editor_a,
        attachments=attachments,
    )
    w.image_draft, w.document_draft, attachments = files("fiche-brouillon")
    w.practice_draft = make_practice(
        index,
        w.a,
        title="CANARY-DRAFT-PRACTICE une épicerie mobile",
        publish=False,
        user=w.editor_a,
        attachments=attachments,
    )
    w.adoption_b = Adoption.objects.create(
        practice=w.practice_public, association=w.b, note="Depuis mars.", created_by=w.editor_b
    )
    w.comment_practice = comments.post(w.practice_network, w.member_b, "Comment commencer ?")

    # Invitations, tokens, a notification.
    w.invitation, w.invitation_token = Invitation.create(
        email="nouvelle@matrice.exemple.org",
        association=w.a,
        role=Role.MEMBER,
        invited_by=w.coordinator,
    )
    used, w.used_invitation_token = Invitation.create(
        email="utilisee@matrice.exemple.org",
        association=w.b,
        role=Role.MEMBER,
        invited_by=w.coordinator,
    )
    Invitation.objects.filter(pk=used.pk).update(accepted_at=used.created_at)
    w.feed_token = CalendarFeed.objects.create(user=w.member_a).token
    w.unsubscribe_token = notifications.unsubscribe_token(w.member_a, Category.MEETINGS)
    event = Event.objects.create(kind="agenda_published", key="matrix:agenda", payload={})
    w.notification_a = Notification.objects.create(
        user=w.member_a,
        event=event,
        category=Category.MEETINGS,
        title="L'ordre du jour est publié",
        url=w.upcoming.url,
    )
    # Liaison sheets: A's with a restricted fact at each level, B's empty.
    from workspace.models import LiaisonSheet, Place, Referent

    w.sheet_a = LiaisonSheet.objects.create(
        association=w.a,
        accepts_undocumented=True,
        admin_situations="CANARY-SHEET-AGENTS",
        presentation="Fiche publique de A",
    )
    Place.objects.create(
        sheet=w.sheet_a,
        address="1 rue A",
        neighbourhood=w.a.neighbourhood,
        latitude=50.69,
        longitude=3.17,
        opening_hours="Mo-Fr 09:00-12:00",
    )
    Referent.objects.create(sheet=w.sheet_a, name="CANARY-SHEET-NETWORK")
    LiaisonSheet.objects.create(association=w.b)
    # A CSV import waiting for the coordinator's confirmation (one good row).
    from workspace.models import SheetImport

    w.sheet_import = SheetImport.objects.create(
        user=w.coordinator,
        file_name="associations.csv",
        content=b"nom;quartier\nNouvelle association;Pile\n",
    )
    # Figures: a report of A (with a note) and of B for last month, an allocation to A.
    from workspace.services import figures

    last = figures.current_period().previous()
    values = {
        "households": 40,
        "people": 100,
        "children_under_3": 10,
        "children_other": 30,
        "new_registrations": 4,
        "distributions": 8,
        "volunteers": 6,
    }
    w.report_a = figures.create_report(w.editor_a, w.a, last, values, "CANARY-REPORT-A")
    w.report_b = figures.create_report(w.editor_b, w.b, last, {**values, "households": 3})
    w.report_values = {**values, "notes": "CANARY-REPORT-A"}
    w.allocation_a = figures.record_allocation(
        w.coordinator, association=w.a, budget=120, note="CANARY-ALLOCATION-A"
    )
    w.figures_year = last.start.year
    w.last_period = last
    return w


def fingerprint():
    """What the requests could change, to prove that each one was rolled back."""
    from django_comments.models import CommentFlag
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Page, Revision

    from minutes.models import ActionItem
    from practices.models import Adoption
    from workspace.models import (
        ActivityReport,
        Allocation,
        Answer,
        Association,
        Attendance,
        CategoryFollow,
        CommentDetails,
        CommentReport,
        Consultation,
        Discussion,
        DiscussionSupport,
        Event,
        Follow,
        Invitation,
        LiaisonSheet,
        MeetingPage,
        Membership,
        Notification,
        OrientationFeedback,
        Position,
        Post,
        PublishedPeriod,
        ReportRevision,
        SheetImport,
        SheetRevision,
        Topic,
        User,
    )

    def rows(queryset, *fields):
        return sorted(queryset.values_list("pk", *fields))

    return {
        "topics": rows(Topic.objects, "status", "meeting_id"),
        "discussions": rows(Discussion.objects, "status", "locked", "topic_id"),
        "supports": rows(DiscussionSupport.objects),
        "invitations": rows(Invitation.objects, "revoked_at", "accepted_at"),
        "memberships": rows(Membership.objects, "role", "ended_at"),
        "users": rows(User.objects, "password", "is_active"),
        "comments": rows(XtdComment.objects, "is_public", "is_removed", "comment"),
        "comment_details": rows(CommentDetails.objects, "edited_at"),
        "reports": rows(CommentReport.objects, "reason", "note"),
        "flags": rows(CommentFlag.objects),
        "adoptions": rows(Adoption.objects),
        "follows": rows(Follow.objects, "active"),
        "notifications": rows(Notification.objects, "read_at"),
        "actions": rows(ActionItem.objects, "status"),
        "meetings": rows(MeetingPage.objects, "status", "host_id", "secretary_id", "sequence"),
        "attendances": rows(Attendance.objects, "answer", "present"),
        "events": rows(Event.objects),
        "pages": rows(Page.objects, "live", "title"),
        "revisions": rows(Revision.objects),
        "sheets": rows(LiaisonSheet.objects, "last_checked_on", "updated_at"),
        "sheet_revisions": rows(SheetRevision.objects),
        "associations": rows(Association.objects, "name", "neighbourhood"),
        "sheet_imports": rows(SheetImport.objects, "confirmed_at"),
        "feedback": rows(OrientationFeedback.objects),
        "board_posts": rows(Post.objects, "status", "matched_with_id"),
        "board_answers": rows(Answer.objects),
        "board_follows": rows(CategoryFollow.objects, "category"),
        "consultations": rows(Consultation.objects, "question", "closes_at"),
        "positions": rows(Position.objects, "stance", "reason", "association_id"),
        "activity_reports": rows(ActivityReport.objects, "households", "updated_at"),
        "report_revisions": rows(ReportRevision.objects),
        "allocations": rows(Allocation.objects),
        "published_periods": rows(PublishedPeriod.objects),
    }


# --- The rows ---------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    method: str
    url: object  # callable(world) -> path
    data: object = None  # callable(world) -> the form data to send

    @property
    def name(self):
        return self.key.split("[", 1)[0]


ROWS = []


def row(key, method="GET", url=None, data=None, args=None):
    """A row; ``args(world)`` gives reverse()'s arguments unless ``url(world)`` is given."""
    name = key.split("[", 1)[0]
    if url is None:
        url = (lambda w: reverse(name, args=args(w))) if args else (lambda w: reverse(name))
    ROWS.append(Row(key, method, url, data or (lambda w: {})))


def _default_network():
    # reason: the workspace's modules are imported once Django is set up.
    from workspace import networks

    return networks.default()


def _hop_token(user, network):
    # reason: as above.
    from workspace.services import hops

    return hops.token(user, network)


def page_url(attr):
    return lambda w: getattr(w, attr).url


# Top level
row("healthz")
row("login")
row("logout", "POST")
row("password_reset")
row("password_reset_done")
# The token is made when asked: logging in (as the matrix does) changes it.
row(
    "password_reset_confirm",
    args=lambda w: [
        urlsafe_base64_encode(force_bytes(w.member_a.pk)),
        default_token_generator.make_token(w.member_a),
    ],
)
row("password_reset_complete")
row("password_change")
row("password_change_done")
# The header's network switch (one network here: nobody has another to go to), and the
# other host's arrival with a switch's token for member A (made when asked, as above).
row("network_hop[default]", args=lambda w: [_default_network().pk])
row(
    "network_arrival[member_a]",
    url=lambda w: (
        reverse("network_arrival") + "?jeton=" + _hop_token(w.member_a, _default_network())
    ),
)
row("accept_invitation[pending]", args=lambda w: [w.invitation_token])
row("accept_invitation[used]", args=lambda w: [w.used_invitation_token])
row("calendar_feed[member_a]", args=lambda w: [w.feed_token])
row("sitemap")
row("search", url=lambda w: reverse("search") + "?q=CANARY")
row("wagtailadmin_home")


def wagtail_document_url(attr):
    """Wagtail's own serving address, whatever ``WAGTAILDOCS_SERVE_METHOD`` links to."""

    def url(w):
        document = getattr(w, attr)
        return reverse("wagtaildocs_serve", args=[document.pk, document.filename])

    return url


def stored_url(get):
    """The stored file's own address (``MEDIA_URL``), served by the checked view."""
    return lambda w: get(w).url


row("wagtaildocs_serve[practice-public]", url=wagtail_document_url("document_public"))
row("wagtaildocs_serve[practice-network]", url=wagtail_document_url("document_network"))
row("wagtaildocs_serve[practice-draft]", url=wagtail_document_url("document_draft"))
row("stored_file[document-public]", url=stored_url(lambda w: w.document_public.file))
row("stored_file[document-network]", url=stored_url(lambda w: w.document_network.file))
row("stored_file[document-draft]", url=stored_url(lambda w: w.document_draft.file))
row("stored_file[image-public]", url=stored_url(lambda w: w.image_public.file))
row("stored_file[image-draft]", url=stored_url(lambda w: w.image_draft.file))
row(
    "stored_file[rendition-draft]",
    url=stored_url(lambda w: w.image_draft.get_rendition("max-165x165")),
)
row(
    "stored_file[attachment-A-proposed]",
    url=stored_url(lambda w: w.attachment_a_proposed.file),
)
row("stored_file[unknown]", url=lambda w: reverse("stored_file", args=["documents/absent.pdf"]))
# Wagtail's admin, where a draft practice is written and previewed.
row("wagtailadmin_explore[practices]", args=lambda w: [w.practice_index.pk])
row(
    "wagtailadmin_pages:search[draft-title]",
    url=lambda w: reverse("wagtailadmin_pages:search") + "?q=CANARY",
)
row(
    "wagtailadmin_api:pages:listing[practices-children]",
    url=lambda w: (
        reverse("wagtailadmin_api:pages:listing")
        + f"?child_of={w.practice_index.pk}&for_explorer=1"
    ),
)
row("wagtailadmin_api:pages:detail[practice-draft]", args=lambda w: [w.practice_draft.pk])
row("wagtailadmin_choose_page_child[practices]", args=lambda w: [w.practice_index.pk])
row(
    "wagtailadmin_choose_page_search[draft-title]",
    url=lambda w: reverse("wagtailadmin_choose_page_search") + "?q=CANARY",
)
row("wagtailadmin_pages:edit[practice-draft]", args=lambda w: [w.practice_draft.pk])
row("wagtailadmin_pages:view_draft[practice-draft]", args=lambda w: [w.practice_draft.pk])
row("wagtailadmin_pages:edit[minutes-circulating]", args=lambda w: [w.draft_minutes.pk])

# Wagtail pages
row("wagtail_serve[home]", url=lambda w: "/")
row("wagtail_serve[meetings]", url=lambda w: w.upcoming.get_parent().url)
row("wagtail_serve[meeting-agenda-published]", url=page_url("upcoming"))
row("wagtail_serve[meeting-planned]", url=page_url("later"))
row("wagtail_serve[minutes-published]", url=page_url("minutes"))
row(
    "wagtail_serve[minutes-circulating]",
    url=lambda w: w.circulated.url + "compte-rendu/",
)
row("wagtail_serve[practices]", url=page_url("practice_index"))
row("wagtail_serve[practice-public]", url=page_url("practice_public"))
row("wagtail_serve[practice-network]", url=page_url("practice_network"))
row(
    "wagtail_serve[practice-draft]",
    url=lambda w: w.practice_index.url + w.practice_draft.slug + "/",
)

# Notifications
row("notifications:list")
row("notifications:read_all", "POST")
row("notifications:preferences")
row("notifications:open[member_a]", args=lambda w: [w.notification_a.pk])
row("notifications:read[member_a]", "POST", args=lambda w: [w.notification_a.pk])
row(
    "notifications:follow[topic-A-proposed]",
    "POST",
    args=lambda w: ["workspace", "topic", w.topic_a_proposed.pk],
)
row(
    "notifications:follow[topic-B-proposed]",
    "POST",
    args=lambda w: ["workspace", "topic", w.topic_b_proposed.pk],
)
row(
    "notifications:follow[topic-A-accepted]",
    "POST",
    args=lambda w: ["workspace", "topic", w.topic_a_accepted.pk],
)
row(
    "notifications:follow[discussion-A]",
    "POST",
    args=lambda w: ["workspace", "discussion", w.discussion_a.pk],
)
row(
    "notifications:follow[practice-network]",
    "POST",
    args=lambda w: ["practices", "practicepage", w.practice_network.pk],
)
row(
    "notifications:follow[practice-draft]",
    "POST",
    args=lambda w: ["practices", "practicepage", w.practice_draft.pk],
)
row("notifications:unsubscribe[member_a]", args=lambda w: [w.unsubscribe_token])

# Workspace
row("workspace:home")
row("workspace:association[A]", args=lambda w: [w.a.slug])
row("workspace:association[B]", args=lambda w: [w.b.slug])
row("workspace:association_requests[A]", args=lambda w: [w.a.slug])
row("workspace:association_requests[B]", args=lambda w: [w.b.slug])
row("workspace:overdue_requests")
row("workspace:invitations")
row("workspace:invite")
row("workspace:withdraw_invitation[pending]", "POST", args=lambda w: [w.invitation.pk])
row("workspace:memberships")
row("workspace:change_membership[member_a]", "POST", args=lambda w: [w.membership_a.pk])
row("workspace:end_membership[member_a]", args=lambda w: [w.membership_a.pk])
row("workspace:calendar")

# Directory and liaison sheets
row("directory:list")
row("directory:map")
row("directory:sheet[A]", args=lambda w: [w.a.slug])
row("directory:sheet[B]", args=lambda w: [w.b.slug])
row("directory:edit[A]", args=lambda w: [w.a.slug])
row("directory:edit[B]", args=lambda w: [w.b.slug])
row("directory:confirm[A]", "POST", args=lambda w: [w.a.slug])
row("directory:confirm[B]", "POST", args=lambda w: [w.b.slug])
row("directory:confirm_section[A]", "POST", args=lambda w: [w.a.slug, "hours"])
row("directory:confirm_section[B]", "POST", args=lambda w: [w.b.slug, "hours"])
row("directory:pdf[A]", args=lambda w: [w.a.slug])
row("directory:pdf[B]", args=lambda w: [w.b.slug])
row("directory:neighbourhood_pdf[A]", args=lambda w: [w.a.neighbourhood])
row("directory:structures")
row("directory:services")
row("directory:csv")
row("directory_import")
row("directory_import[upload]", "POST", url=lambda w: reverse("directory_import"))
row("directory_import_preview", args=lambda w: [w.sheet_import.pk])
row("directory_import_preview[confirm]", "POST", args=lambda w: [w.sheet_import.pk])
row("directory_feedback")
row("entraide_networks")
row("entraide_network_create")
row(
    "entraide_network_create[post]",
    "POST",
    url=lambda w: reverse("entraide_network_create"),
    data=lambda w: {
        "name": "Réseau de la matrice",
        "town": "Matrice",
        "hostname": "matrice.localhost",
        "port": "80",
        "email": "coordination@matrice.exemple.org",
    },
)
row("directory_stale")
row("directory:feedback[A]", "POST", args=lambda w: [w.a.slug], data=lambda w: {"kind": "complet"})
row("orientation", url=lambda w: reverse("orientation") + "?undocumented=on")

# Discussions
row("discussions:list")
row("discussions:open")
row("discussions:detail[A]", args=lambda w: [w.discussion_a.pk])
row("discussions:support[A]", "POST", args=lambda w: [w.discussion_a.pk])
row("discussions:comment[A]", "POST", args=lambda w: [w.discussion_a.pk])
row("discussions:raise[A]", "POST", args=lambda w: [w.discussion_a.pk])
row("discussions:raise[B]", "POST", args=lambda w: [w.discussion_b.pk])
row("discussions:close[A]", "POST", args=lambda w: [w.discussion_a.pk])
row("discussions:lock[A]", "POST", args=lambda w: [w.discussion_a.pk])

# Needs and offers board
row("board:list")
row("board:list[filtered]", url=lambda w: reverse("board:list") + "?kind=offer&status=")
row("board:new")
row("board:new[invalid]", "POST", url=lambda w: reverse("board:new"), data=lambda w: {})
row("board:follow", "POST", data=lambda w: {"categories": ["fresh_food"]})
row("board:detail[A]", args=lambda w: [w.post_a.pk])
row("board:detail[B]", args=lambda w: [w.post_b.pk])
row(
    "board:answer[A]",
    "POST",
    args=lambda w: [w.post_a.pk],
    data=lambda w: {"message": "Nous pouvons venir."},
)
row("board:match[A]", "POST", args=lambda w: [w.post_a.pk])
row("board:close[A]", "POST", args=lambda w: [w.post_a.pk])
row("board:close[B]", "POST", args=lambda w: [w.post_b.pk])

# Minutes
row("minutes:decisions")
row("minutes:actions")
row("minutes:update_action[A]", "POST", args=lambda w: [w.action_a.pk])
row("minutes:update_action[B-confidential]", "POST", args=lambda w: [w.action_b_confidential.pk])
row("minutes:secretary[held]", "POST", args=lambda w: [w.held.slug])
row("minutes:start[held]", "POST", args=lambda w: [w.held.slug])
row("minutes:draft[circulating]", args=lambda w: [w.circulated.slug])
row("minutes:draft[published]", args=lambda w: [w.held.slug])
row("minutes:submitted[circulating]", args=lambda w: [w.circulated.slug])
row("minutes:erratum[published]", "POST", args=lambda w: [w.held.slug])
row(
    "minutes:open_consultation[circulating-decision]",
    args=lambda w: [w.circulated.slug, w.circulating_decision_id],
)
row(
    "minutes:open_consultation[draft-post]",
    "POST",
    args=lambda w: [w.circulated.slug, w.circulating_decision_id],
    data=lambda w: {"question": "Une question", "closes_at": "2099-01-01T10:00"},
)
row("minutes:pdf[published]", args=lambda w: [w.held.slug])

# Meetings and topics
row("meetings:plan")
row("meetings:rotation")
row("meetings:rotation[plan]", "POST")
row("meetings:moderation")
row("meetings:topics")
row("meetings:propose")
row("meetings:topic[A-proposed]", args=lambda w: [w.topic_a_proposed.pk])
row("meetings:topic[B-proposed]", args=lambda w: [w.topic_b_proposed.pk])
row("meetings:topic[A-accepted]", args=lambda w: [w.topic_a_accepted.pk])
row("meetings:topic[B-accepted]", args=lambda w: [w.topic_b_accepted.pk])
row("meetings:topic[held-discussed]", args=lambda w: [w.topic_held.pk])
row("meetings:open_consultation[decision]", args=lambda w: [w.topic_decision_b.pk])
row(
    "meetings:open_consultation[decision-post]",
    "POST",
    args=lambda w: [w.topic_decision_b.pk],
    data=lambda w: {"question": "Une question", "closes_at": "2099-01-01T10:00"},
)
row("meetings:consultation[open]", args=lambda w: [w.consultation.pk])
row(
    "meetings:consultation[open-position]",
    "POST",
    args=lambda w: [w.consultation.pk],
    data=lambda w: {"stance": "block", "reason": "Trop loin"},
)
row("meetings:consultation[A-proposed]", args=lambda w: [w.consultation_private.pk])
row(
    "meetings:consultation[A-proposed-position]",
    "POST",
    args=lambda w: [w.consultation_private.pk],
    data=lambda w: {"stance": "agree"},
)
row("meetings:edit_topic[A-proposed]", args=lambda w: [w.topic_a_proposed.pk])
row("meetings:edit_topic[B-proposed]", args=lambda w: [w.topic_b_proposed.pk])
row("meetings:edit_topic[A-accepted]", args=lambda w: [w.topic_a_accepted.pk])
row("meetings:support_topic[A-proposed]", "POST", args=lambda w: [w.topic_a_proposed.pk])
row("meetings:support_topic[B-proposed]", "POST", args=lambda w: [w.topic_b_proposed.pk])
row("meetings:support_topic[A-accepted]", "POST", args=lambda w: [w.topic_a_accepted.pk])
row("meetings:withdraw_topic[A-proposed]", args=lambda w: [w.topic_a_proposed.pk])
row("meetings:withdraw_topic[B-proposed]", args=lambda w: [w.topic_b_proposed.pk])
row("meetings:answer_topic[A-proposed]", "POST", args=lambda w: [w.topic_a_proposed.pk])
row("meetings:close_topic[A-accepted]", "POST", args=lambda w: [w.topic_a_accepted.pk])
row("meetings:comment[A-proposed]", "POST", args=lambda w: [w.topic_a_proposed.pk])
row("meetings:comment[B-proposed]", "POST", args=lambda w: [w.topic_b_proposed.pk])
row("meetings:comment[A-accepted]", "POST", args=lambda w: [w.topic_a_accepted.pk])
row(
    "meetings:attachment[A-proposed]",
    args=lambda w: [w.topic_a_proposed.pk, w.attachment_a_proposed.pk],
)
row(
    "meetings:attachment[A-accepted]",
    args=lambda w: [w.topic_a_accepted.pk, w.attachment_a_accepted.pk],
)
row(
    "meetings:flag_comment[topic-A-proposed]",
    "POST",
    args=lambda w: [w.comment_a_proposed.pk],
    data=lambda w: {"reason": "wrong"},
)
row(
    "meetings:flag_comment[topic-A-accepted]",
    "POST",
    args=lambda w: [w.comment_a_accepted.pk],
    data=lambda w: {"reason": "wrong"},
)
row(
    "meetings:flag_comment[discussion-A]",
    "POST",
    args=lambda w: [w.comment_discussion.pk],
    data=lambda w: {"reason": "wrong"},
)
row(
    "meetings:flag_comment[practice-network]",
    "POST",
    args=lambda w: [w.comment_practice.pk],
    data=lambda w: {"reason": "wrong"},
)
# GET: the page that asks to confirm the report.
row("meetings:flag_comment[topic-A-proposed,confirm]", args=lambda w: [w.comment_a_proposed.pk])
row("meetings:flag_comment[topic-A-accepted,confirm]", args=lambda w: [w.comment_a_accepted.pk])
row("meetings:edit_comment[topic-A-proposed]", args=lambda w: [w.comment_a_proposed.pk])
row("meetings:edit_comment[topic-A-accepted]", args=lambda w: [w.comment_a_accepted.pk])
row(
    "meetings:edit_comment[topic-A-accepted,save]",
    "POST",
    args=lambda w: [w.comment_a_accepted.pk],
    data=lambda w: {"comment": "Chez nous aussi, le mardi."},
)
row("meetings:delete_comment[topic-A-accepted]", "POST", args=lambda w: [w.comment_a_accepted.pk])
row("meetings:hide_comment[topic-A-proposed]", "POST", args=lambda w: [w.comment_a_proposed.pk])
row("meetings:keep_comment[topic-A-proposed]", "POST", args=lambda w: [w.comment_a_proposed.pk])
row("meetings:restore_comment[topic-A-proposed]", "POST", args=lambda w: [w.comment_a_proposed.pk])
row("meetings:edit[upcoming]", args=lambda w: [w.upcoming.slug])
row("meetings:cancel[upcoming]", args=lambda w: [w.upcoming.slug])
row("meetings:decline[upcoming-host-A]", args=lambda w: [w.upcoming.slug])
row("meetings:agenda[upcoming]", args=lambda w: [w.upcoming.slug])
row("meetings:agenda_pdf[agenda-published]", args=lambda w: [w.upcoming.slug])
row("meetings:agenda_pdf[planned]", args=lambda w: [w.later.slug])
row("meetings:ics[upcoming]", args=lambda w: [w.upcoming.slug])
# The answer for A (the rest of the form left empty): who may answer for A.
row(
    "meetings:attendance[upcoming-for-A]",
    "POST",
    args=lambda w: [w.upcoming.slug],
    data=lambda w: {"association": w.a.pk},
)
row("meetings:remind_attendance[upcoming]", "POST", args=lambda w: [w.upcoming.slug])
row("meetings:record_attendance[held]", args=lambda w: [w.held.slug])

# Practices
row("practices:feed")
row("practices:json_feed")
row("practices:elsewhere")
# Another network's practice is read on this host only when it is public; the two-network
# tests (tests/practices/test_elsewhere.py) cover the other cases.
row(
    "practices:elsewhere_practice[no-such-network]",
    args=lambda w: ["nulle-part", w.practice_public.pk],
)
row(
    "practices:elsewhere_adopt[no-such-network]",
    "POST",
    args=lambda w: ["nulle-part", w.practice_public.pk],
)
row(
    "practices:elsewhere_withdraw[no-such-network]",
    "POST",
    args=lambda w: ["nulle-part", w.practice_public.pk, 999999],
)
row("practices:subscriptions")
row("practices:subscription_delete[missing]", "POST", args=lambda w: [999999])
row("practices:adopt[public]", "POST", args=lambda w: [w.practice_public.pk])
row("practices:adopt[network]", "POST", args=lambda w: [w.practice_network.pk])
row(
    "practices:withdraw_adoption[B-on-public]",
    "POST",
    args=lambda w: [w.practice_public.pk, w.adoption_b.pk],
)
row("practices:comment[public]", "POST", args=lambda w: [w.practice_public.pk])
row("practices:comment[network]", "POST", args=lambda w: [w.practice_network.pk])
row("practices:present[network]", "POST", args=lambda w: [w.practice_network.pk])
row("practices:pdf[public]", args=lambda w: [w.practice_public.pk])
row("practices:pdf[network]", args=lambda w: [w.practice_network.pk])
row("practices:pdf[draft]", args=lambda w: [w.practice_draft.pk])
row("practices:submitted[draft]", args=lambda w: [w.practice_draft.pk])
row("practices:submitted[public]", args=lambda w: [w.practice_public.pk])
row(
    "practices:image[public]",
    args=lambda w: [w.practice_public.pk, w.image_public.pk, "vignette"],
)
row(
    "practices:image[network]",
    args=lambda w: [w.practice_network.pk, w.image_network.pk, "vignette"],
)
row(
    "practices:image[draft]",
    args=lambda w: [w.practice_draft.pk, w.image_draft.pk, "vignette"],
)
row("practices:document[public]", args=lambda w: [w.practice_public.pk, w.document_public.pk])
row("practices:document[network]", args=lambda w: [w.practice_network.pk, w.document_network.pk])
row("practices:document[draft]", args=lambda w: [w.practice_draft.pk, w.document_draft.pk])

# Figures
row("figures:dashboard")
row("figures:csv[totaux]", args=lambda w: ["totaux"])
row("figures:csv[quartiers]", args=lambda w: ["quartiers"])
row("figures:csv[association-A]", args=lambda w: [f"association-{w.a.slug}"])
row("figures:csv[associations]", args=lambda w: ["associations"])
row("figures:csv[orientations]", args=lambda w: ["orientations"])
row("figures:pdf", args=lambda w: [w.figures_year])
row("figures:publish", "POST", data=lambda w: {"period": w.last_period.code})
row("figures:reports")
row("figures:remind", "POST", data=lambda w: {"period": w.last_period.code})
row("figures:report[A]", args=lambda w: [w.report_a.pk])
row("figures:report[B]", args=lambda w: [w.report_b.pk])
row(
    "figures:report[A-correct]",
    "POST",
    args=lambda w: [w.report_a.pk],
    data=lambda w: w.report_values,
)
row("figures:report_new[A]", args=lambda w: [w.a.slug])
row("figures:report_new[A-send]", "POST", args=lambda w: [w.a.slug], data=lambda w: {"period": "x"})
row("figures:allocations")
row("figures:allocation_new")
row(
    "figures:allocation_new[record]",
    "POST",
    url=lambda w: reverse("figures:allocation_new"),
    data=lambda w: {"association": w.a.pk, "given_on": "2025-01-02", "budget": "-1"},
)


# --- The resolver ---------------------------------------------------------------------------


def resolver_names():
    """Every named URL of the project, with its namespace ("meetings:topic")."""
    names = set()

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), "")
    return names


def required_names(names):
    """The names that must have a row: ours, plus Wagtail's admin home and serving views."""
    return {
        name
        for name in names
        if name not in EXCLUDED_NAMES
        and (not name.startswith(WAGTAIL_PREFIXES) or name in WAGTAIL_KEPT)
    }


def resolved_name(path):
    """The URL name a path resolves to ("meetings:topic")."""
    return resolve(path.split("?", 1)[0]).view_name


# --- Answers ----------------------------------------------------------------------------------


def classify(response):
    """A compact class: 200, 302>login, 302>admin, 302, 403, 404…"""
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        path = location.split("?", 1)[0]
        if path.endswith(reverse("login")):
            return f"{code}>login"
        if path.endswith(reverse("wagtailadmin_login")):
            return f"{code}>admin"
        return str(code)
    return str(code)


def body_text(response):
    """The text of an answer, for the canaries (PDFs are read; other files are skipped)."""
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False):
        # Read through the test client's wrapper, which closes the file without closing
        # the database connection (response.close() would fire request_finished).
        content = b"".join(response.streaming_content)
        if not content_type.startswith(("text/", "application/json", "application/xml")):
            return ""
    else:
        content = response.content
    if content_type.startswith("application/pdf"):
        from pypdf import PdfReader

        try:
            text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
            # A line may break after a hyphen (CANARY-\nSHEET-AGENTS): the reader still sees it.
            return text.replace("-\n", "-")
        except Exception:  # noqa: BLE001 - a test file that is not a real PDF
            return content.decode("latin-1")
    return content.decode("utf-8", errors="replace")


def login_cookies(client, user):
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return SimpleCookie(client.cookies.output(header="", sep="\n"))


# --- The table ----------------------------------------------------------------------------------

LEAK_MARK = "*"


def read_table(path=TABLE):
    """{key: (method, {role: expected})} and {(key, role)} of cells marked as known leaks."""
    rows, marked = {}, set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 + len(ROLES):
            raise ValueError(
                f"{path.name} line {number}: expected a row name, a method and "
                f"{len(ROLES)} answers ({' '.join(ROLES)}), found {len(parts)} columns"
            )
        key, method, cells = parts[0], parts[1], parts[2:]
        if key in rows:
            raise ValueError(f"{path.name} line {number}: {key} appears twice")
        expected = {}
        for role, cell in zip(ROLES, cells, strict=True):
            if cell.endswith(LEAK_MARK):
                marked.add((key, role))
                cell = cell[: -len(LEAK_MARK)]
            expected[role] = cell
        rows[key] = (method, expected)
    return rows, marked


HEADER = """\
# Permission matrix: the expected answer of every named URL of the project (and of the
# Wagtail pages that matter), for each role. Checked by tests/test_permission_matrix.py;
# the URL of each row is built in tests/matrix.py (ROWS) from the objects of build_world().
#
# Answers: 200, 302>login (sent to the login page), 302>admin (Wagtail's admin
# login), 302 (any other redirect), 400, 403, 404, 405, 410, 429, 500…
# A cell ending in "*" is the correct answer of a known leak the code does not give yet:
# it is listed in KNOWN_LEAKS (tests/test_permission_matrix.py) and checked as xfail.
# Roles: anonymous; member_a / editor_a: member / editor of association A; member_b /
# editor_b: of association B; former: a person whose membership of A ended; agent: a CCAS
# orientation agent; coordinator: the CCAS coordination.
# Row names are URL names, with the object in brackets when the URL takes one.
"""


def format_table(rows):
    """rows: [(key, method, {role: cell})] -> the table's text, aligned."""
    width = max([len(key) for key, _m, _c in rows] + [len("# row")]) + 2
    cell_width = (
        max([len(role) for role in ROLES] + [len(c) for *_x, cells in rows for c in cells.values()])
        + 2
    )
    lines = [HEADER.rstrip("\n"), ""]
    head = "# row".ljust(width) + "method  " + "".join(r.ljust(cell_width) for r in ROLES)
    lines.append(head.rstrip())
    for key, method, cells in rows:
        line = key.ljust(width) + method.ljust(8)
        line += "".join(cells[role].ljust(cell_width) for role in ROLES)
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"
