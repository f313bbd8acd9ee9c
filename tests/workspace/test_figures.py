"""The network's figures: reports and their validation and history, allocations, reminders, the
dashboard per reader, totals against hand-computed figures, small counts hidden (page, CSV,
PDF) including by subtraction, and a number of queries that does not grow."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssociationFactory
from tests.utils import text
from workspace.models import (
    ActivityReport,
    Allocation,
    Category,
    Event,
    Neighbourhood,
    NetworkSettings,
    Notification,
    Period,
    PeriodKind,
)
from workspace.services import charts, figures, suppression

JAN = Period(PeriodKind.MONTH, datetime.date(2025, 1, 1))
FEB = Period(PeriodKind.MONTH, datetime.date(2025, 2, 1))


def report(association, period, households, people, under_3, other, **extra):
    values = {
        "households": households,
        "people": people,
        "children_under_3": under_3,
        "children_other": other,
        "new_registrations": extra.get("new_registrations", 0),
        "distributions": extra.get("distributions", 0),
        "volunteers": extra.get("volunteers", 0),
    }
    return figures.create_report(None, association, period, values)


@pytest.fixture
def network(association_a, association_b):
    """A and B in Épeule, C in Alma; January and February 2025 (B did not report February).

    Hand-computed: January 63 households, 158 people (15 under 3, 49 other children, 94
    adults); February 64, 160 (16, 46, 98); the year 127, 318 (31, 95, 192). Épeule over the
    year: 85 households, 213 people (22, 64, 127 adults); Alma 42, 105 (9, 31, 65)."""
    for association in (association_a, association_b):
        association.neighbourhood = Neighbourhood.EPEULE
        association.save()
    c = AssociationFactory(name="Association C", slug="assoc-c", neighbourhood=Neighbourhood.ALMA)
    report(association_a, JAN, 40, 100, 10, 30, volunteers=6)
    report(association_b, JAN, 3, 8, 1, 3, volunteers=2)
    report(c, JAN, 20, 50, 4, 16, volunteers=5)
    report(association_a, FEB, 42, 105, 11, 31, volunteers=6)
    report(c, FEB, 22, 55, 5, 15, volunteers=5)
    return {"a": association_a, "b": association_b, "c": c}


def rows_of(table):
    return {str(row["label"]): {c.label: c for c in row["cells"]} for row in table.rows}


def values_of(table):
    return {
        str(row["label"]): {
            key: cell.value for (key, _l), cell in zip(table.columns, row["cells"], strict=True)
        }
        for row in table.rows
    }


def hidden_of(table):
    return {
        str(row["label"]): {
            key for (key, _l), cell in zip(table.columns, row["cells"], strict=True) if cell.hidden
        }
        for row in table.rows
    }


# --- Suppression ------------------------------------------------------------------------------


def test_a_small_cell_cannot_be_got_by_subtracting_it_from_the_total():
    values = {"a": 3, "b": 40, "c": 50, "total": 93}
    hidden = suppression.protect(values, [(["a", "b", "c"], "total")], limit=5)
    assert "a" in hidden
    # Total minus the cells still shown is no longer one cell: a and b are hidden together.
    assert hidden == {"a", "b"}
    shown = [key for key in ("a", "b", "c") if key not in hidden]
    remainder = values["total"] - sum(values[key] for key in shown)
    assert remainder == 43 and remainder != values["a"]


def test_hidden_cells_that_add_up_to_a_small_count_take_one_more():
    values = {"a": 1, "b": 2, "c": 50, "d": 60, "total": 113}
    hidden = suppression.protect(values, [(["a", "b", "c", "d"], "total")], limit=5)
    assert hidden == {"a", "b", "c"}


def test_with_nothing_left_to_hide_the_total_is_hidden():
    values = {"a": 1, "b": 2, "total": 3}
    assert suppression.protect(values, [(["a", "b"], "total")], limit=5) == {"a", "b", "total"}


def test_a_cell_one_contributor_could_subtract_from_is_hidden():
    # 53 households, 50 of them from one association: the other brought 3.
    assert suppression.primary({"x": 53}, {"x": 50}, limit=5) == {"x"}
    assert suppression.primary({"x": 53}, {"x": 40}, limit=5) == set()
    assert suppression.primary({"x": 0}, {}, limit=5) == set()


def test_suppression_follows_every_group_a_cell_belongs_to():
    # Two groups share cells: hiding one for the first must protect it in the second.
    values = {"r1a": 2, "r1b": 30, "r2a": 40, "r2b": 50, "r1": 32, "r2": 90, "ca": 42, "cb": 80}
    groups = [
        (["r1a", "r1b"], "r1"),
        (["r2a", "r2b"], "r2"),
        (["r1a", "r2a"], "ca"),
        (["r1b", "r2b"], "cb"),
    ]
    hidden = suppression.protect(values, groups, limit=5)
    for members, total in groups:
        if total not in hidden:
            assert len([m for m in members if m in hidden]) != 1


# --- Totals -------------------------------------------------------------------------------------


def test_network_totals_per_period_match_the_hand_computed_figures(network, coordinator):
    board = figures.dashboard(coordinator, 2025)
    got = values_of(board.trend)
    assert got["Janvier 2025"] == {
        "households": 63,
        "people": 158,
        "adults": 94,
        "children_under_3": 15,
        "children_other": 49,
        "new_registrations": 0,
        "distributions": 0,
        "volunteers": 13,
    }
    assert got["Février 2025"]["households"] == 64
    assert got["Février 2025"]["people"] == 160
    assert got["Février 2025"]["adults"] == 98
    assert got["Total 2025"]["households"] == 127
    assert got["Total 2025"]["people"] == 318
    assert got["Total 2025"]["children_under_3"] == 31
    assert got["Total 2025"]["adults"] == 192
    assert not board.trend.has_hidden


def test_totals_per_neighbourhood_match_the_hand_computed_figures(network, coordinator):
    got = values_of(figures.dashboard(coordinator, 2025).places)
    assert got["Épeule"]["households"] == 85
    assert got["Épeule"]["people"] == 213
    assert got["Épeule"]["children_under_3"] == 22
    assert got["Épeule"]["children_other"] == 64
    assert got["Épeule"]["adults"] == 127
    assert got["Alma"]["households"] == 42
    assert got["Alma"]["people"] == 105
    assert got["Réseau"]["people"] == 318


def test_an_association_cannot_work_out_another_from_its_neighbourhood(network, editor_a):
    """A brought 82 of Épeule's 85 households: B's 3 would be a subtraction away."""
    board = figures.dashboard(editor_a, 2025)
    hidden = hidden_of(board.places)
    assert "households" in hidden["Épeule"]
    # …and Alma is hidden with it, else the network total less Alma gives Épeule.
    assert "households" in hidden["Alma"]
    for key, _label in figures.MEASURES:
        members = [name for name in ("Épeule", "Alma") if key in hidden[name]]
        assert key in hidden["Réseau"] or len(members) != 1
    # Its own figures, unhidden.
    own = values_of(board.own[0])
    assert own["Janvier 2025"]["households"] == 40


def test_the_public_sees_published_periods_only(network, coordinator, client):
    response = client.get(reverse("figures:dashboard") + "?annee=2025")
    assert response.status_code == 200
    assert "Janvier 2025" not in text(response)
    figures.publish_period(coordinator, JAN)
    response = client.get(reverse("figures:dashboard") + "?annee=2025")
    page = text(response)
    assert "Janvier 2025" in page and "Février 2025" not in page
    assert "158" in page
    # No neighbourhood, no association for the public.
    assert "Épeule" not in page and "Association A" not in page


# --- Dashboard, CSV, PDF per reader ------------------------------------------------------------


def csv_rows(response):
    content = response.content.decode("utf-8-sig")
    return [line.split(";") for line in content.strip().splitlines()]


def test_the_csv_hides_what_the_page_hides(network, client_for, editor_a, coordinator):
    url = reverse("figures:csv", args=["quartiers"]) + "?annee=2025"
    rows = csv_rows(client_for(editor_a).get(url))
    epeule = next(row for row in rows if row[0] == "Épeule")
    alma = next(row for row in rows if row[0] == "Alma")
    assert epeule[1] == "masqué" and alma[1] == "masqué"
    assert "3" not in epeule and "85" not in epeule
    rows = csv_rows(client_for(coordinator).get(url))
    epeule = next(row for row in rows if row[0] == "Épeule")
    assert epeule[1] == "85"


def test_the_csv_of_another_associations_table_is_not_found(network, client_for, editor_b):
    response = client_for(editor_b).get(reverse("figures:csv", args=["association-assoc-a"]))
    assert response.status_code == 404
    response = client_for(editor_b).get(reverse("figures:csv", args=["orientations"]))
    assert response.status_code == 404


def pdf_text(response):
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_yearly_pdf_hides_small_counts_but_not_for_the_coordinator(
    network, client_for, editor_b, coordinator
):
    response = client_for(editor_b).get(reverse("figures:pdf", args=[2025]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = pdf_text(response)
    assert "Totaux par quartier" in content
    assert "masqué" in content
    assert "Association A" not in content
    # The coordinator's PDF has every association and no hidden cell in them.
    content = pdf_text(client_for(coordinator).get(reverse("figures:pdf", args=[2025])))
    assert "Association A" in content and "Épeule 85" in content


def test_charts_have_a_title_a_description_and_no_style():
    svg = charts.bar_chart("c1", "Personnes <aidées>", ["Janvier", "Février"], [10, None])
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="c1-title">Personnes &lt;aidées&gt;</title>' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert "<desc" in svg and "masqué" in svg
    assert ' style="' not in svg and "<style" not in svg and "<script" not in svg


def test_the_dashboard_draws_charts_with_their_tables(network, client_for, coordinator):
    page = text(client_for(coordinator).get(reverse("figures:dashboard") + "?annee=2025"))
    assert page.count("<svg") == 3
    assert 'id="table-totaux"' in page and 'id="table-quartiers"' in page
    assert 'style="' not in page


def test_participation_and_feedback_are_counted_per_association(network, coordinator):
    from workspace.models import OrientationFeedback

    OrientationFeedback.objects.create(
        association=network["a"],
        kind="complet",
        neighbourhood=Neighbourhood.EPEULE,
        created_on=datetime.date(2025, 3, 2),
    )
    board = figures.dashboard(coordinator, 2025)
    per_association, per_place = board.feedback
    assert values_of(per_association)["Association A"]["complet"] == 1
    assert values_of(per_place)["Épeule"]["all"] == 1
    columns = [key for key, _label in board.participation.columns]
    assert columns[:2] == ["meetings", "topics"]
    assert "practices" in columns and "actions" in columns and "positions" in columns


def test_positions_taken_count_in_the_participation(network, coordinator):
    """A position given in a consultation counts for its association in its period."""
    from workspace.models import Consultation, Position

    consultation = Consultation.objects.create(
        decision_uuid="d-1",
        decision_text="Un local commun",
        question="D'accord ?",
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    position = Position.objects.create(
        consultation=consultation, association=network["a"], stance="agree"
    )
    Position.objects.filter(pk=position.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 3, 2, 10))
    )
    board = figures.dashboard(coordinator, 2025)
    assert values_of(board.participation)["Association A"]["positions"] == 1
    assert figures.positions_taken(datetime.date(2025, 4, 1), datetime.date(2025, 4, 30)) == {}


def test_dashboard_queries_do_not_grow_with_associations_and_periods(coordinator, client_for):
    """2 associations × 2 months, then 10 associations × 10 months: the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)

    def grow(count):
        for index in range(count):
            association = AssociationFactory(
                name=f"Asso {index}",
                slug=f"asso-{index}",
                neighbourhood=Neighbourhood.values[index],
            )
            done = set(association.activity_reports.values_list("period_start", flat=True))
            ActivityReport.objects.bulk_create(
                ActivityReport(
                    association=association,
                    period_start=datetime.date(2025, month, 1),
                    households=10 + index,
                    people=30 + index,
                    children_under_3=2,
                    children_other=5,
                )
                for month in range(1, count + 1)
                if datetime.date(2025, month, 1) not in done
            )
            Allocation.objects.create(
                association=association, given_on=datetime.date(2025, 3, 1), budget=100
            )

    def measure():
        # The first visit creates the network's settings (a public change: a new generation
        # of cached fragments); the second fills the caches under that generation.
        client.get(reverse("figures:dashboard"))
        client.get(reverse("figures:dashboard"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("figures:dashboard") + "?annee=2025")
        assert response.status_code == 200
        return len(captured)

    grow(2)
    small = measure()
    grow(10)
    assert figures.dashboard(coordinator, 2025).trend.rows[-1]["values"]["households"] > 0
    assert measure() == small


# --- Reports ----------------------------------------------------------------------------------


def recent(back):
    """The period ``back`` periods before the current one (the form offers recent ones)."""
    period = figures.current_period()
    for _index in range(back):
        period = period.previous()
    return period


def form_data(period=None, **values):
    period = period or recent(2).code
    data = {
        "period": period,
        "households": "40",
        "people": "100",
        "children_under_3": "10",
        "children_other": "30",
        "new_registrations": "4",
        "distributions": "8",
        "volunteers": "6",
        "notes": "",
    }
    data.update(values)
    return data


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"households": "-3"}, "households", "Un nombre ne peut pas être négatif."),
        (
            {"people": "douze"},
            "people",
            "Saisissez un nombre entier (des chiffres seulement), 0 s'il n'y en a pas.",
        ),
        ({"children_other": "95"}, "people", "Il y a plus d'enfants (105) que de personnes (100)"),
        (
            {"households": "120"},
            "households",
            "Il y a plus de foyers (120) que de personnes (100).",
        ),
        ({"period": "2099-01"}, "period", "Choisissez une période de la liste"),
    ],
)
def test_impossible_values_are_explained_in_french_and_kept(
    client_for, editor_a, association_a, values, field, message
):
    url = reverse("figures:report_new", args=[association_a.slug])
    response = client_for(editor_a).post(url, form_data(**values))
    assert response.status_code == 400
    page = text(response)
    assert message in page
    for name, value in values.items():
        if name != "period":
            assert f'value="{value}"' in page
    assert not ActivityReport.objects.exists()


def test_a_future_period_is_refused(association_a, editor_a):
    from workspace.forms.figures import ReportForm

    form = ReportForm(
        data=form_data(period="2025-03"),
        association=association_a,
        today=datetime.date(2025, 2, 10),
    )
    assert not form.is_valid()
    assert "period" in form.errors


def test_an_editor_reports_then_corrects_with_a_visible_history(
    client_for, editor_a, association_a
):
    client = client_for(editor_a)
    url = reverse("figures:report_new", args=[association_a.slug])
    response = client.post(url, form_data())
    assert response.status_code == 302
    saved = ActivityReport.objects.get()
    assert saved.households == 40 and saved.adults == 60
    assert saved.created_by == editor_a
    response = client.post(
        reverse("figures:report", args=[saved.pk]), {**form_data(), "households": "44"}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.households == 44
    assert saved.revisions.count() == 2
    page = text(client.get(reverse("figures:report", args=[saved.pk])))
    assert "Historique" in page and "40 → 44" in page


def test_a_second_report_for_the_same_period_leads_to_editing_it(
    client_for, editor_a, association_a
):
    client = client_for(editor_a)
    url = reverse("figures:report_new", args=[association_a.slug])
    client.post(url, form_data())
    existing = ActivityReport.objects.get()
    response = client.post(url, form_data(households="50"))
    assert response.status_code == 400
    page = text(response)
    assert f"Association A a déjà envoyé les chiffres de {recent(2).label}" in page
    assert reverse("figures:report", args=[existing.pk]) in page
    assert 'value="50"' in page
    # Asking for the form of that period opens the report.
    response = client.get(url + f"?periode={recent(2).code}")
    assert response.status_code == 302
    assert response["Location"] == reverse("figures:report", args=[existing.pk])
    assert ActivityReport.objects.count() == 1


def test_a_tenfold_jump_asks_to_confirm_and_is_not_refused(client_for, editor_a, association_a):
    client = client_for(editor_a)
    url = reverse("figures:report_new", args=[association_a.slug])
    client.post(url, form_data())
    later = recent(1).code
    response = client.post(url, form_data(period=later, households="400", people="1000"))
    assert response.status_code == 400
    page = text(response)
    assert "dix fois" in page
    assert 'name="confirm"' in page
    assert 'value="400"' in page
    response = client.post(
        url, form_data(period=later, households="400", people="1000", confirm="on")
    )
    assert response.status_code == 302
    assert ActivityReport.objects.get(period_start=recent(1).start).households == 400


def test_the_confirmation_box_is_not_shown_without_a_jump(client_for, editor_a, association_a):
    page = text(client_for(editor_a).get(reverse("figures:report_new", args=[association_a.slug])))
    assert 'name="confirm"' not in page


def test_who_may_report(client_for, people, association_a):
    url = reverse("figures:report_new", args=[association_a.slug])
    expected = {
        "anonymous": 302,
        "member_a": 404,
        "editor_a": 200,
        "member_b": 404,
        "editor_b": 404,
        "agent": 404,
        "coordinator": 200,
    }
    for who, status in expected.items():
        assert client_for(people[who]).get(url).status_code == status, who


def test_members_read_their_report_without_changing_it(
    client_for, member_a, editor_b, association_a
):
    saved = report(association_a, JAN, 40, 100, 10, 30)
    url = reverse("figures:report", args=[saved.pk])
    assert client_for(member_a).get(url).status_code == 200
    assert client_for(member_a).post(url, form_data(households="1")).status_code == 403
    assert client_for(editor_b).get(url).status_code == 404


def test_the_network_setting_asks_for_quarters(client_for, editor_a, association_a):
    settings = NetworkSettings.load()
    settings.report_frequency = PeriodKind.QUARTER
    settings.save()
    page = text(client_for(editor_a).get(reverse("figures:report_new", args=[association_a.slug])))
    assert "T1 " in page or "T2 " in page or "T3 " in page or "T4 " in page
    response = client_for(editor_a).post(
        reverse("figures:report_new", args=[association_a.slug]),
        form_data(period=recent(1).code),
    )
    assert response.status_code == 302
    assert ActivityReport.objects.get().period_kind == PeriodKind.QUARTER


# --- Reminders --------------------------------------------------------------------------------


def test_the_coordinator_reminds_who_has_not_reported(
    client_for,
    coordinator,
    editor_a,
    editor_b,
    association_a,
    association_b,
    django_capture_on_commit_callbacks,
):
    period = figures.current_period().previous()
    figures.create_report(
        editor_a, association_a, period, {k: 1 for k in figures.REPORT_FIELDS} | {"people": 3}
    )
    page = text(client_for(coordinator).get(reverse("figures:reports")))
    assert "Association B" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(reverse("figures:remind"), {"period": period.code})
    assert response.status_code == 302
    assert Event.objects.filter(kind="figures_missing").count() == 1
    notice = Notification.objects.get(user=editor_b)
    assert notice.category == Category.FIGURES
    assert association_b.slug in notice.url
    assert not Notification.objects.filter(user=editor_a).exists()
    # Once per association and period.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(reverse("figures:remind"), {"period": period.code})
    assert Event.objects.filter(kind="figures_missing").count() == 1


def test_the_monthly_task_reminds_for_the_last_period(association_a, editor_a):
    from workspace import tasks

    assert tasks.remind_missing_reports() == 1
    assert tasks.remind_missing_reports() == 0


def test_only_the_coordinator_reminds(client_for, editor_a):
    response = client_for(editor_a).post(reverse("figures:remind"), {"period": "2025-01"})
    assert response.status_code == 403


# --- Allocations ------------------------------------------------------------------------------


def allocation_data(association, **values):
    data = {
        "association": str(association.pk),
        "given_on": "2025-03-04",
        "budget": "250,50",
        "nappies": "12",
        "infant_milk": "6",
        "other_goods": "",
        "note": "Dotation de printemps",
    }
    data.update(values)
    return data


def test_the_coordinator_records_an_allocation(client_for, coordinator, association_a):
    response = client_for(coordinator).post(
        reverse("figures:allocation_new"), allocation_data(association_a)
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert allocation.budget == Decimal("250.50")
    assert allocation.recorded_by == coordinator


@pytest.mark.parametrize(
    "values, message",
    [
        ({"budget": "-10"}, "Un montant ne peut pas être négatif."),
        ({"nappies": "-1"}, "Une quantité ne peut pas être négative."),
        ({"nappies": "beaucoup"}, "Saisissez un nombre entier"),
        ({"given_on": "2099-01-01"}, "cette date est dans le futur"),
    ],
)
def test_bad_allocations_are_refused_in_french(
    client_for, coordinator, association_a, values, message
):
    response = client_for(coordinator).post(
        reverse("figures:allocation_new"), allocation_data(association_a, **values)
    )
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "Dotation de printemps" in page
    assert not Allocation.objects.exists()


def test_each_association_sees_its_own_allocations(
    client_for, coordinator, member_a, member_b, association_a, association_b
):
    figures.record_allocation(
        coordinator,
        association=association_a,
        given_on=datetime.date(2025, 3, 4),
        budget=Decimal("100"),
        note="Pour A seulement",
    )
    figures.record_allocation(
        coordinator,
        association=association_b,
        given_on=datetime.date(2025, 3, 4),
        budget=Decimal("70"),
        note="Pour B seulement",
    )
    url = reverse("figures:allocations") + "?annee=2025"
    page = text(client_for(member_a).get(url))
    assert "Pour A seulement" in page and "Pour B seulement" not in page
    page = text(client_for(coordinator).get(url))
    assert "Pour A seulement" in page and "Pour B seulement" in page
    table = figures.allocations_table(2025)
    assert values_of(table)["Total 2025"]["budget"] == Decimal("170")


def test_allocations_against_people_helped(network, coordinator):
    figures.record_allocation(
        coordinator,
        association=network["a"],
        given_on=datetime.date(2025, 2, 1),
        budget=Decimal("410"),
    )
    got = values_of(figures.dashboard(coordinator, 2025).associations)
    assert got["Association A"]["people"] == 205
    assert got["Association A"]["budget_per_person"] == Decimal("2.00")


def test_only_the_coordinator_publishes(client_for, editor_a, coordinator):
    assert (
        client_for(editor_a).post(reverse("figures:publish"), {"period": "2025-01"}).status_code
        == 403
    )
    assert (
        client_for(coordinator).post(reverse("figures:publish"), {"period": "2025-01"}).status_code
        == 302
    )
    assert JAN in figures.published_periods()


def test_demo_figures_load_twice_without_change(db):
    from workspace.demo import figures as demo
    from workspace.demo import people

    class Command:
        created = 0

        def stdout(self):  # pragma: no cover
            return None

    command = Command()
    people.load(command)
    demo.load(command)
    counts = (ActivityReport.objects.count(), Allocation.objects.count())
    assert counts[0] > 200 and counts[1] > 50
    demo.load(command)
    assert (ActivityReport.objects.count(), Allocation.objects.count()) == counts
    # Seasons: the winter months above the summer ones for the network.
    winter = ActivityReport.objects.filter(period_start__month=12).values_list(
        "households", flat=True
    )
    summer = ActivityReport.objects.filter(period_start__month=8).values_list(
        "households", flat=True
    )
    assert sum(winter) > sum(summer)


def test_huge_numbers_and_long_notes_are_refused(client_for, editor_a, coordinator, association_a):
    url = reverse("figures:report_new", args=[association_a.slug])
    response = client_for(editor_a).post(url, form_data(households="99999999999999999999"))
    assert response.status_code == 400
    assert "trop grand" in text(response)
    response = client_for(coordinator).post(
        reverse("figures:allocation_new"),
        allocation_data(association_a, note="x" * 3000, nappies="99999999999999"),
    )
    assert response.status_code == 400
    assert not Allocation.objects.exists()
    response = client_for(editor_a).get(reverse("figures:dashboard") + "?annee=99999999999")
    assert response.status_code == 200
