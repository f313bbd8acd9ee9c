import pytest
from django.urls import reverse

from tests.utils import text, visible_text


def test_home_page_presents_the_network_from_the_source(client, db):
    response = client.get("/")
    assert response.status_code == 200
    page = visible_text(response)
    assert "Depuis 2014, le CCAS de Roubaix coordonne un réseau" in page
    assert "Renforcer les relations entre les associations" in page
    assert "Journal RESOLIS" in page and "Creative Commons Attribution 3.0" in page
    html = text(response)
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    assert 'lang="fr"' in html
    assert 'media="print"' in html


def test_french_credit_is_marked_french_in_the_english_interface(client, db):
    html = text(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en"' in html
    assert '<div class="credit" lang="fr">' in html


def test_home_page_text_is_editable_in_wagtail(client, db):
    from entraide.models import HomePage

    home = HomePage.objects.get()
    home.lead = "Un nouveau chapeau"
    home.save_revision().publish()
    assert "Un nouveau chapeau" in visible_text(client.get("/"))


@pytest.mark.parametrize(
    "who, present, absent",
    [
        ("anonymous", ["Se connecter"], ["Mon espace", "Administration", "Invitations"]),
        ("member_a", ["Mon espace", "Se déconnecter"], ["Administration", "Invitations"]),
        ("editor_a", ["Mon espace"], ["Administration", "Invitations"]),
        ("agent", ["Mon espace"], ["Administration", "Invitations"]),
        ("coordinator", ["Mon espace", "Membres", "Invitations", "Administration"], []),
    ],
)
def test_navigation_shows_what_the_role_may_use(client_for, people, who, present, absent):
    response = client_for(people[who]).get("/")
    nav = text(response).split('<nav class="main-nav"', 1)[1].split("</header>", 1)[0]
    for label in present:
        assert label in nav, label
    for label in absent:
        assert label not in nav, label


def test_language_switch_to_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = text(client.get("/"))
    assert 'lang="en"' in page and "Skip to content" in page and "Log in" in page
    assert ">Français</button>" in page
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "Aller au contenu" in text(client.get("/"))


def test_workspace_home_requires_login(client, db):
    response = client.get("/espace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/espace/")


def test_workspace_home_lists_my_associations_and_roles(client_for, member_a, association_b):
    from workspace.models import Role
    from workspace.services import memberships as services

    services.add_membership(member_a, association_b, Role.EDITOR)
    page = visible_text(client_for(member_a).get("/espace/"))
    assert "Association A" in page and "Membre de l'association" in page
    assert "Association B" in page and "Éditeur·rice de l'association" in page
    assert "À traiter" in page


def test_workspace_home_of_the_coordinator(client_for, coordinator):
    page = visible_text(client_for(coordinator).get("/espace/"))
    assert "Coordination du réseau" in page and "Inviter une personne" in page


def test_french_pages_for_errors(client, db):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in text(response)


def test_comment_framework_urls_are_not_exposed(client, db):
    for path in ["/comments/", "/comments/api/", "/comments/cr/1/1/", "/comments/post/"]:
        assert client.get(path).status_code == 404


def test_every_data_table_names_its_cells_for_the_stacked_phone_layout():
    """At 360 px the tables stack their cells; each cell shows its column's name
    (``data-label``), except the cells spanning a whole row and the action buttons."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    checked = 0
    for path in templates.rglob("*.html"):
        source = path.read_text()
        for table in re.findall(r'<table class="table.*?</table>', source, re.S):
            body = table.split("</thead>", 1)[1]
            for cell in re.findall(r"<td(?:\s[^>]*)?>", body):
                checked += 1
                assert any(mark in cell for mark in ("data-label", "colspan", "cell-actions")), (
                    f"{path.name}: {cell} has no data-label"
                )
    assert checked > 30
