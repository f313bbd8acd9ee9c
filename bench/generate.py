"""A realistic network history for the benchmark and the query-count tests.

``grow(scale)`` adds ``scale`` times a large network's history on top of the demo network
(``load_demo``): at scale 1, 60 associations, 2,000 people, 300 meetings (past ones held,
with attendance, covered topics and published minutes with decisions and actions), 5,000
topics, 100,000 comments (some threads of 200 and more), 1,000 practices and 2,000
discussions. The next meeting's agenda is filled to 50 topics. Rows are written with
``bulk_create``; pages (meetings, minutes, practices) are added one by one as Wagtail
pages, live, without revisions, and indexed for search in bulk. Nothing is e-mailed or
notified: no service that emits an event is called.

Called twice (e.g. 0.01 then 0.04) it grows the same history fivefold: the tests compare
query counts between the two. ``pages()`` names the pages the benchmark loads.
"""

import datetime
import functools
import itertools
import json
import uuid

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.text import slugify
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from wagtail.search.backends import get_search_backend

from minutes.models import ActionItem, Decision, MinutesPage
from minutes.services import minutes_title
from practices.bootstrap import sync_restriction
from practices.models import PracticeIndexPage, PracticePage, Visibility
from workspace import networks, roles
from workspace.models import (
    Activity,
    AgendaItem,
    AgendaItemKind,
    Association,
    Attendance,
    AttendanceAnswer,
    Discussion,
    LiaisonSheet,
    MeetingIndexPage,
    MeetingPage,
    MeetingStatus,
    Membership,
    Neighbourhood,
    Place,
    Role,
    Service,
    Theme,
    Topic,
    TopicKind,
    TopicStatus,
    User,
)

# At scale 1.
ASSOCIATIONS = 60
PEOPLE = 2000
MEETINGS = 300
TOPICS = 5000
COMMENTS = 100_000
PRACTICES = 1000
DISCUSSIONS = 2000
LONG_THREADS = 10  # per kind (topics, discussions), of LONG_THREAD comments each
LONG_THREAD = 220
NEXT_AGENDA = 50  # topics on the next meeting's agenda (not scaled)
PASSWORD = "entraide-demo"

NEIGHBOURHOODS = [value for value, _label in Neighbourhood.choices]
WORDS = [
    "bénévoles",
    "chaîne du froid",
    "colis",
    "lait infantile",
    "maraudes",
    "épicerie solidaire",
    "distribution",
    "orientation",
    "factures d'énergie",
    "jardin partagé",
    "banque alimentaire",
    "permanence",
]


def in_first_network(function):
    """In the current network, or the first one when none is (the benchmark's pages)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with networks.activate(networks.current() or networks.default()):
            return function(*args, **kwargs)

    return wrapper


def n(scale, count, least=1):
    return max(least, round(scale * count))


def word(i):
    return WORDS[i % len(WORDS)]


def ensure_demo():
    if not User.objects.filter(email="coordination@exemple.org").exists():
        from django.core.management import call_command  # reason: only on a first build

        call_command("load_demo", force=True, verbosity=0)


def grow(scale, seed=None, network=None):
    """Add ``scale`` × the history to ``network`` (default: the first one, the benchmark's
    pages); returns counts of what was added."""
    ensure_demo()
    with networks.activate(network if network is not None else networks.default()) as current:
        return _grow(scale, seed, current)


def _grow(scale, seed, network):
    now = timezone.now()
    seed = seed if seed is not None else Association.objects.count()
    with transaction.atomic():
        associations = _associations(n(scale, ASSOCIATIONS), seed)
        _sheets(associations)
        everyone_assoc = list(Association.objects.order_by("pk"))
        people = _people(n(scale, PEOPLE, 2), everyone_assoc, seed, network)
        themes = list(Theme.objects.order_by("pk"))
        coordinator = network.coordinators.user_set.order_by("pk").first()
        meetings = _meetings(n(scale, MEETINGS), everyone_assoc, coordinator)
        topics = _topics(n(scale, TOPICS), meetings, everyone_assoc, people, now)
        _next_agenda(everyone_assoc, people)
        _minutes(meetings, everyone_assoc, themes, coordinator)
        discussions = _discussions(n(scale, DISCUSSIONS), everyone_assoc, people)
        practices = _practices(n(scale, PRACTICES), everyone_assoc, people, themes)
        comments = _comments(n(scale, COMMENTS), topics, discussions, people, scale)
    _index(topics, discussions)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have after such a load: the planner's
        # estimates (and so the plans of the search) depend on them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "associations": len(associations),
        "people": len(people),
        "meetings": len(meetings),
        "topics": len(topics),
        "discussions": len(discussions),
        "practices": len(practices),
        "comments": comments,
    }


def _associations(count, seed):
    with networks.activate(None):  # slugs and e-mails are unique across the networks
        start = Association.objects.count()
    rows = [
        Association(
            name=f"Association solidaire n° {start + i + 1}",
            slug=f"association-{start + i + 1}",
            neighbourhood=NEIGHBOURHOODS[(seed + i) % len(NEIGHBOURHOODS)],
            address=f"{(i % 120) + 1} rue de la Solidarité",
            email=f"contact@association-{start + i + 1}.exemple.org",
            phone="03 20 00 00 00",
            main_activities="Colis alimentaires, épicerie solidaire, accueil des familles.",
            accepts_hosting=i % 3 == 0,
            room_capacity=20 if i % 3 == 0 else None,
            joined_on=datetime.date(2014, 1, 1) + datetime.timedelta(days=30 * i),
        )
        for i in range(count)
    ]
    return Association.objects.bulk_create(rows)


HOURS = ["Tu,Th 09:00-12:00; PH off", "Mo-Fr 14:00-17:00", "We 09:00-12:00; Sa[1] 14:00-17:00"]
ACTIVITIES = [Activity.FOOD_PARCELS, Activity.SOCIAL_GROCERY, Activity.BABY, Activity.CLOTHES]


def _sheets(associations):
    """A liaison sheet for each new association: one place with hours, two services."""
    sheets = LiaisonSheet.objects.bulk_create(
        LiaisonSheet(
            association=a,
            presentation=f"{a.name} : colis, épicerie et accueil des familles du quartier.",
            last_checked_on=datetime.date(2026, 9, 1),
        )
        for a in associations
    )
    places = Place.objects.bulk_create(
        Place(
            sheet=sheet,
            address=sheet.association.address,
            neighbourhood=sheet.association.neighbourhood,
            latitude=50.69 + (i % 20) * 0.001,
            longitude=3.17 + (i % 17) * 0.001,
            opening_hours=HOURS[i % len(HOURS)],
            step_free=i % 2 == 0,
        )
        for i, sheet in enumerate(sheets)
    )
    Service.objects.bulk_create(
        Service(
            sheet=sheet, place=place, activity=ACTIVITIES[(i + k) % len(ACTIVITIES)], position=k
        )
        for i, (sheet, place) in enumerate(zip(sheets, places, strict=True))
        for k in range(2)
    )


def _people(count, associations, seed, network):
    start = User.objects.count()
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(
            email=f"personne{start + i}@bench.exemple.org",
            first_name=f"Prénom{start + i}",
            last_name=f"Nom{start + i}",
            password=password,
            is_active=True,
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            association=associations[(seed + i) % len(associations)],
            role=Role.EDITOR if i % 10 == 0 else Role.MEMBER,
        )
        for i, user in enumerate(users)
    )
    members = roles.group("members", network)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=members.pk) for user in users
    )
    return users


def _meetings(count, associations, coordinator):
    """Held meetings, every two weeks before the earliest one already there."""
    index = MeetingIndexPage.objects.get()
    earliest = MeetingPage.objects.aggregate(d=Min("date"))["d"] or timezone.localdate()
    hosts = [a for a in associations if a.accepts_hosting] or associations
    meetings = []
    for i in range(count):
        date = earliest - datetime.timedelta(days=14 * (i + 1))
        meeting = MeetingPage(
            title=f"Réunion du {date:%d/%m/%Y}",
            slug=f"reunion-{date:%Y-%m-%d}",
            date=date,
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
            host=hosts[i % len(hosts)],
            status=MeetingStatus.HELD,
            proposal_deadline=date - datetime.timedelta(days=10),
            agenda_published_at=timezone.now(),
            attendance_recorded_at=timezone.now(),
            owner=coordinator,
            live=True,
        )
        index.add_child(instance=meeting)
        meetings.append(meeting)
    return meetings


def _topics(count, meetings, associations, people, now):
    """Topics: most on the agendas of the held meetings (covered, then closed), the rest
    proposals in other states; every agenda with its fixed items."""
    per_meeting = max(1, (count * 9 // 10) // max(1, len(meetings)))
    topics, items = [], []
    i = 0
    for meeting in meetings:
        position = 10
        items.append(
            AgendaItem(
                meeting=meeting,
                kind=AgendaItemKind.WELCOME,
                presenter=meeting.host,
                duration_minutes=10,
                position=position,
                covered=True,
            )
        )
        position += 10
        items.append(
            AgendaItem(
                meeting=meeting,
                kind=AgendaItemKind.NEWS,
                duration_minutes=20,
                position=position,
                covered=True,
            )
        )
        for _ in range(per_meeting):
            if i >= count:
                break
            association = associations[i % len(associations)]
            topic = Topic(
                title=f"{word(i).capitalize()} : retour d'expérience n° {i}",
                description=(
                    f"Les {word(i + 1)} manquent ; nos {word(i + 2)} débordent. "
                    "Comment faites-vous pour les bénévoles ?"
                ),
                association=association,
                proposed_by=people[i % len(people)],
                kind=TopicKind.values[i % len(TopicKind.values)],
                status=TopicStatus.CLOSED if i % 2 else TopicStatus.DISCUSSED,
                outcome="Le réseau en reparlera." if i % 2 else "",
                meeting=meeting,
                answered_at=now,
            )
            topics.append(topic)
            position += 10
            items.append(
                AgendaItem(
                    meeting=meeting,
                    kind=AgendaItemKind.TOPIC,
                    topic=topic,
                    presenter=association,
                    duration_minutes=15,
                    position=position,
                    covered=True,
                )
            )
            i += 1
        for kind in (AgendaItemKind.ACTIONS, AgendaItemKind.NEXT_MEETING):
            position += 10
            items.append(
                AgendaItem(
                    meeting=meeting, kind=kind, duration_minutes=10, position=position, covered=True
                )
            )
    others = [TopicStatus.DECLINED, TopicStatus.WITHDRAWN, TopicStatus.DEFERRED]
    while i < count:
        association = associations[i % len(associations)]
        topics.append(
            Topic(
                title=f"Proposition sur les {word(i)} n° {i}",
                description="Une idée d'une association, pas retenue pour l'instant.",
                association=association,
                proposed_by=people[i % len(people)],
                status=others[i % len(others)],
                answer="Pas cette fois." if i % 3 != 1 else "",
            )
        )
        i += 1
    Topic.objects.bulk_create(topics, batch_size=2000)
    for item in items:
        item.topic_id = item.topic.pk if item.topic else None
    AgendaItem.objects.bulk_create(items, batch_size=2000)
    # Attendance: about two associations in three came to each held meeting.
    Attendance.objects.bulk_create(
        (
            Attendance(
                meeting=meeting,
                association=association,
                answer=AttendanceAnswer.COMING,
                people_count=2,
                present=True,
                present_count=1 + (k % 3),
            )
            for meeting in meetings
            for k, association in enumerate(associations)
            if (k + meeting.pk) % 3
        ),
        batch_size=5000,
    )
    return topics


def _next_agenda(associations, people):
    """The next meeting's agenda holds NEXT_AGENDA topics (added once)."""
    meeting = next_meeting()
    if meeting is None:
        return
    have = meeting.agenda_items.filter(kind=AgendaItemKind.TOPIC).count()
    if have >= NEXT_AGENDA:
        return
    closing = list(
        meeting.agenda_items.filter(
            kind__in=[AgendaItemKind.ACTIONS, AgendaItemKind.NEXT_MEETING]
        ).order_by("position")
    )
    last = meeting.agenda_items.exclude(pk__in=[c.pk for c in closing]).aggregate(
        m=Max("position")
    )["m"]
    position = last or 0
    new = []
    for i in range(NEXT_AGENDA - have):
        association = associations[i % len(associations)]
        new.append(
            Topic(
                title=f"Point {i + 1} : les {word(i)} et la chaîne du froid",
                description="À discuter à la prochaine réunion.",
                association=association,
                proposed_by=people[i % len(people)],
                status=TopicStatus.ACCEPTED,
                meeting=meeting,
                estimated_minutes=5,
                answered_at=timezone.now(),
            )
        )
    Topic.objects.bulk_create(new)
    items = []
    for topic in new:
        position += 10
        items.append(
            AgendaItem(
                meeting=meeting,
                kind=AgendaItemKind.TOPIC,
                topic=topic,
                presenter=topic.association,
                duration_minutes=5,
                position=position,
            )
        )
    AgendaItem.objects.bulk_create(items)
    for item in closing:
        position += 10
        AgendaItem.objects.filter(pk=item.pk).update(position=position)
    _index(new, [])


def _minutes(meetings, associations, themes, coordinator):
    """Published minutes under each held meeting: a section per agenda item, a decision in
    every third section, an action in every fourth; their rows as publishing writes them."""
    items_by_meeting = {}
    for item in AgendaItem.objects.filter(meeting__in=meetings).select_related("topic"):
        items_by_meeting.setdefault(item.meeting_id, []).append(item)
    decisions, actions = [], []
    for meeting in meetings:
        sections = []
        pending = []
        for k, item in enumerate(
            sorted(items_by_meeting.get(meeting.pk, []), key=lambda x: x.position)
        ):
            section_id = str(uuid.uuid4())
            title = item.display_title
            section_decisions, section_actions = [], []
            if k % 3 == 2:
                block_id = str(uuid.uuid4())
                text = f"Le réseau retient la proposition sur les {word(k)}."
                theme = themes[k % len(themes)] if themes else None
                section_decisions.append(
                    {
                        "type": "item",
                        "id": block_id,
                        "value": {
                            "text": text,
                            "scope": "network",
                            "associations": [],
                            "themes": [str(theme.pk)] if theme else [],
                            "confidential": False,
                        },
                    }
                )
                pending.append(("decision", block_id, section_id, title, item, text, theme))
            if k % 4 == 3:
                block_id = str(uuid.uuid4())
                owner = associations[k % len(associations)]
                due = meeting.date + datetime.timedelta(days=30)
                what = f"Recenser les besoins en {word(k + 3)}"
                section_actions.append(
                    {
                        "type": "item",
                        "id": block_id,
                        "value": {
                            "what": what,
                            "owner": owner.pk,
                            "person": "",
                            "due_date": due.isoformat(),
                            "confidential": False,
                        },
                    }
                )
                pending.append(("action", block_id, section_id, title, owner, what, due))
            sections.append(
                {
                    "type": "section",
                    "id": section_id,
                    "value": {
                        "title": title,
                        "agenda_item": item.pk,
                        "presenter": item.presenter_id,
                        "confidential": False,
                        "summary": [
                            {
                                "type": "paragraph",
                                "id": str(uuid.uuid4()),
                                "value": f"<p>Échange sur les {word(k)} : les bénévoles "
                                "se relaient, le CCAS fait le point le mois prochain.</p>",
                            }
                        ],
                        "decisions": section_decisions,
                        "actions": section_actions,
                    },
                }
            )
        published = datetime.datetime.combine(
            meeting.date + datetime.timedelta(days=14), datetime.time(12), tzinfo=datetime.UTC
        )
        page = MinutesPage(
            title=minutes_title(meeting),
            slug="compte-rendu",
            sections=json.dumps(sections),
            other_participants="Service logement de la ville (invité)",
            live=True,
            first_published_at=published,
            last_published_at=published,
            owner=coordinator,
        )
        meeting.add_child(instance=page)
        order = 0
        for kind, block_id, section_id, title, *rest in pending:
            order += 1
            if kind == "decision":
                item, text, theme = rest
                decision = Decision(
                    uuid=block_id,
                    minutes=page,
                    meeting=meeting,
                    agenda_item=item,
                    section_id=section_id,
                    section_title=title,
                    text=text,
                    order=order,
                )
                decision._theme = theme
                decisions.append(decision)
            else:
                owner, what, due = rest
                actions.append(
                    ActionItem(
                        uuid=block_id,
                        minutes=page,
                        meeting=meeting,
                        section_id=section_id,
                        section_title=title,
                        what=what,
                        owner=owner,
                        due_date=due,
                        status=_action_status(meeting, order),
                        order=order,
                    )
                )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    ActionItem.objects.bulk_create(actions, batch_size=2000)
    Decision.themes.through.objects.bulk_create(
        Decision.themes.through(decision_id=d.pk, theme_id=d._theme.pk)
        for d in decisions
        if d._theme is not None
    )
    backend = get_search_backend()
    backend.add_bulk(Decision, decisions)
    backend.add_bulk(ActionItem, actions)


def _action_status(meeting, order):
    """Actions of the last six months are still open or in progress for a part; older ones
    were done or dropped long ago (a network does not carry years of open actions)."""
    if meeting.date >= timezone.localdate() - datetime.timedelta(days=180):
        return ["open", "in_progress", "done"][order % 3]
    return ["done", "dropped", "done"][order % 3]


def _discussions(count, associations, people):
    rows = Discussion.objects.bulk_create(
        (
            Discussion(
                title=f"Constat n° {i} : plus de familles, moins de {word(i)}",
                situation=f"Depuis la rentrée, les {word(i)} manquent et les bénévoles s'épuisent.",
                association=associations[i % len(associations)],
                opened_by=people[i % len(people)],
                status=["open", "raised", "closed"][i % 3] if i % 7 else "open",
                outcome="Le réseau a partagé ses solutions." if i % 3 == 2 else "",
            )
            for i in range(count)
        ),
        batch_size=2000,
    )
    return rows


def _practices(count, associations, people, themes):
    index = PracticeIndexPage.objects.get()
    start = PracticePage.objects.count()
    pages = []
    for i in range(count):
        association = associations[i % len(associations)]
        number = start + i + 1
        page = PracticePage(
            title=f"Organiser les {word(i)} : la pratique n° {number}",
            slug=slugify(f"pratique-{number}-{word(i)}"),
            summary=f"Comment une petite association organise ses {word(i)} avec ses bénévoles.",
            association=association,
            contact="La référente de l'association",
            start_year=2015 + i % 10,
            neighbourhood=association.neighbourhood,
            context="<p>Plus de familles, moins de bénévoles le soir.</p>",
            objectives="<p>Que chaque famille trouve une aide près de chez elle.</p>",
            actions=json.dumps(
                [
                    {
                        "type": "step",
                        "id": str(uuid.uuid4()),
                        "value": {"title": f"Étape {s + 1}", "text": "<p>Un tableau partagé.</p>"},
                    }
                    for s in range(3)
                ]
            ),
            success_factors="<p>Un planning simple, une référente.</p>",
            visibility=Visibility.PUBLIC if i % 4 else Visibility.NETWORK,
            credit_author=association.name,
            owner=people[i % len(people)],
            live=True,
            first_published_at=timezone.now(),
            last_published_at=timezone.now(),
        )
        index.add_child(instance=page)
        if themes:
            PracticePage.themes.through.objects.get_or_create(
                practicepage_id=page.pk, theme_id=themes[i % len(themes)].pk
            )
        sync_restriction(page)
        pages.append(page)
    return pages


def _comments(count, topics, discussions, people, scale):
    """Comments on topics and discussions, a reply in every three; LONG_THREADS topics and
    discussions get LONG_THREAD comments each."""
    site_id = settings.SITE_ID
    topic_type = ContentType.objects.get_for_model(Topic)
    discussion_type = ContentType.objects.get_for_model(Discussion)
    commented = [t for t in topics if t.status != TopicStatus.WITHDRAWN and t.meeting_id]
    targets = [(topic_type, t.pk) for t in commented] + [
        (discussion_type, d.pk) for d in discussions
    ]
    if not targets:
        return 0
    long_count = n(scale, LONG_THREADS)
    long_targets = [(topic_type, t.pk) for t in commented[-long_count:]] + [
        (discussion_type, d.pk) for d in discussions[-long_count:]
    ]
    left = max(0, count - LONG_THREAD * len(long_targets))
    plan = {target: LONG_THREAD for target in long_targets}
    per = left // len(targets)
    extra = left - per * len(targets)
    for k, target in enumerate(targets):
        plan[target] = plan.get(target, 0) + per + (1 if k < extra else 0)
    # XtdComment extends django_comments' Comment (multi-table): the parent rows are
    # bulk-created with their ids, the thread columns written in the child table beside.
    parent_table = Comment._meta.db_table
    child_table = XtdComment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {parent_table}")
        next_id = cursor.fetchone()[0] + 1
    first_id = next_id
    start = timezone.now() - datetime.timedelta(days=365)
    people_cycle = itertools.cycle(people)
    rows, threads = [], []
    written = 0

    def flush():
        nonlocal rows, threads, written
        Comment.objects.bulk_create(rows)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {child_table} (comment_ptr_id, thread_id, parent_id, level, "
                '"order", followup, nested_count) VALUES (%s, %s, %s, %s, %s, %s, %s)',
                [tuple(t) for t in threads],
            )
        written += len(rows)
        rows, threads = [], []

    for (content_type, pk), total in plan.items():
        root = None
        order = 1
        for c in range(total):
            user = next(people_cycle)
            rows.append(
                Comment(
                    id=next_id,
                    content_type=content_type,
                    object_pk=str(pk),
                    site_id=site_id,
                    user=user,
                    user_name=f"{user.first_name} {user.last_name}"[:50],
                    user_email=user.email,
                    comment=f"Avis n° {c} : chez nous les {word(c)} se passent bien, merci.",
                    submit_date=start + datetime.timedelta(minutes=next_id % 500_000),
                    is_public=True,
                    is_removed=False,
                )
            )
            if root is not None and c % 3 == 2:
                order += 1
                threads.append([next_id, root[0], root[0], 1, order, False, 0])
                root[6] += 1
            else:
                root = [next_id, next_id, next_id, 0, 1, False, 0]
                order = 1
                threads.append(root)
            next_id += 1
        if len(rows) >= 5000:
            flush()
    flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{parent_table}', 'id'), "
                f"(SELECT MAX(id) FROM {parent_table}))"
            )
    assert next_id - first_id == written
    return written


def _index(topics, discussions):
    backend = get_search_backend()
    if topics:
        backend.add_bulk(Topic, topics)
    if discussions:
        backend.add_bulk(Discussion, discussions)


# --- The pages the benchmark loads --------------------------------------------------


@in_first_network
def next_meeting():
    return (
        MeetingPage.objects.live()
        .filter(
            status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED],
            date__gte=timezone.localdate(),
        )
        .order_by("date")
        .first()
    )


def _most_commented(model):
    """The current network's most commented object (comments are not scoped by network)."""
    content_type = ContentType.objects.get_for_model(model)
    rows = (
        XtdComment.objects.filter(content_type=content_type)
        .order_by()
        .values("object_pk")
        .annotate(c=Count("pk"))
        .order_by("-c", "object_pk")
    )
    ours = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
    pk = next(row["object_pk"] for row in rows.iterator() if row["object_pk"] in ours)
    return model.objects.get(pk=int(pk))


@in_first_network
def pages():
    """[(name, url, who)]: who is "anonymous", "member" or "agent" (an orientation agent)."""
    # The latest held meeting whose minutes are published (the demo's last ones circulate).
    minutes = max(MinutesPage.objects.live(), key=lambda page: page.get_parent().specific.date)
    held = minutes.get_parent().specific
    practice = (
        PracticePage.objects.live()
        .public()
        .filter(visibility=Visibility.PUBLIC)
        .order_by("-pk")
        .first()
    )
    topic = _most_commented(Topic)
    discussion = _most_commented(Discussion)
    # A demo sheet with hours, places and services (the same one at every scale).
    sheet = LiaisonSheet.objects.filter(association__slug=SHEET_SLUG).first() or (
        LiaisonSheet.objects.order_by("pk").first()
    )
    return [
        ("anonymous home", "/", "anonymous"),
        ("anonymous /pratiques/", "/pratiques/", "anonymous"),
        ("anonymous public practice", practice.url, "anonymous"),
        ("/espace/", "/espace/", "member"),
        ("/reunions/", "/reunions/", "member"),
        ("held meeting", held.url, "member"),
        ("next meeting (50-topic agenda)", next_meeting().url, "member"),
        ("topic with 200+ comments", topic.get_absolute_url(), "member"),
        ("discussion with 200+ comments", discussion.get_absolute_url(), "member"),
        ("minutes page", minutes.url, "member"),
        ("search q=bénévoles", "/recherche/?q=b%C3%A9n%C3%A9voles", "member"),
        ("figures dashboard", "/chiffres/", "member"),
        ("anonymous /chiffres/", "/chiffres/", "anonymous"),
        ("anonymous /associations/", "/associations/", "anonymous"),
        ("anonymous association sheet", f"/associations/{sheet.association.slug}/", "anonymous"),
        ("/orientation/", "/orientation/", "agent"),
    ]


MEMBER_EMAIL = "membre@panier-epeule.exemple.org"
AGENT_EMAIL = "agent@exemple.org"
SHEET_SLUG = "panier-epeule"
