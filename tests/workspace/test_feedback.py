"""Orientation feedback: one click for the agents and the coordinator, nobody else; no
personal data; wrong information reaches the association's editors once; counts kept."""

import pytest
from django.urls import reverse

from tests.workspace.sheet_data import make_sheet
from workspace.models import Notification, OrientationFeedback
from workspace.services import feedback


@pytest.fixture
def sheet(association_a):
    return make_sheet(association_a)


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("member_a", 403),
        ("editor_a", 403),
        ("member_b", 403),
        ("agent", 302),
        ("coordinator", 302),
    ],
)
def test_who_may_give_feedback(client_for, people, sheet, who, status):
    response = client_for(people[who]).post(
        reverse("directory:feedback", args=["assoc-a"]), {"kind": "complet"}
    )
    assert response.status_code == status
    recorded = OrientationFeedback.objects.filter(kind="complet").count()
    assert recorded == (1 if who in ("agent", "coordinator") else 0)
    if who == "anonymous":
        assert "/compte/connexion/" in response["Location"]


def test_the_sheet_shows_the_form_to_agents_only(client_for, people, sheet):
    url = reverse("directory:sheet", args=["assoc-a"])
    agent_page = client_for(people["agent"]).get(url).content.decode()
    assert "Après une orientation" in agent_page
    assert "Ne nommez personne" in agent_page
    for label in (
        "Orientation faite",
        "Lieu fermé à l&#x27;heure affichée",
        "Plus de place",
        "Information fausse",
    ):
        assert label in agent_page
    for who in ("anonymous", "member_a", "editor_a"):
        assert "Après une orientation" not in client_for(people[who]).get(url).content.decode()


def test_feedback_keeps_no_personal_data(client_for, agent, sheet):
    client_for(agent).post(
        reverse("directory:feedback", args=["assoc-a"]), {"kind": "orientation", "note": "ok"}
    )
    row = OrientationFeedback.objects.get()
    names = {f.name for f in OrientationFeedback._meta.get_fields()}
    assert names == {"id", "association", "kind", "note", "neighbourhood", "created_on"}
    assert row.neighbourhood == "centre"


def test_a_long_note_or_an_unknown_kind_is_refused_with_the_text_kept(client_for, agent, sheet):
    client = client_for(agent)
    note = "x" * 250
    response = client.post(
        reverse("directory:feedback", args=["assoc-a"]), {"kind": "erreur", "note": note}
    )
    assert response.status_code == 400
    assert note in response.content.decode()
    assert (
        client.post(reverse("directory:feedback", args=["assoc-a"]), {"kind": "autre"}).status_code
        == 400
    )
    assert not OrientationFeedback.objects.exists()


def test_wrong_information_reaches_the_editors_once(
    client_for,
    agent,
    editor_a,
    member_a,
    editor_b,
    sheet,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent).post(
            reverse("directory:feedback", args=["assoc-a"]),
            {"kind": "erreur", "note": "Les horaires du samedi ont changé"},
        )
    notes = Notification.objects.filter(category="sheets")
    assert [n.user for n in notes] == [editor_a]
    assert notes.get().url == reverse("directory:edit", args=["assoc-a"])
    assert len([m for m in mailoutbox if editor_a.email in m.to]) == 1
    assert "Les horaires du samedi ont changé" in mailoutbox[-1].body
    # Other kinds tell nobody.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent).post(reverse("directory:feedback", args=["assoc-a"]), {"kind": "complet"})
    assert Notification.objects.filter(category="sheets").count() == 1


def test_counts_per_association_and_neighbourhood(
    client_for, coordinator, agent, sheet, association_b
):
    for kind in ("orientation", "orientation", "complet"):
        feedback.record_feedback(sheet.association, kind)
    feedback.record_feedback(association_b, "ferme")
    found = feedback.counts()
    by_name = {a.name: row for a, row in found["associations"]}
    assert by_name["Association A"]["orientation"] == 2
    assert by_name["Association A"]["total"] == 3
    assert by_name["Association B"]["ferme"] == 1
    assert dict(found["neighbourhoods"])["Centre"]["total"] == 4
    page = client_for(coordinator).get(reverse("directory_feedback"))
    assert page.status_code == 200
    assert "Association A" in page.content.decode()
    assert client_for(agent).get(reverse("directory_feedback")).status_code == 302
