"""Journeys of the foundation: log in, switch language, invite, accept; accessibility of the shell."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import check_page, last_link, log_in
from tests.factories import PASSWORD


def test_log_in_and_switch_language(page, member_a):
    page.goto("/")
    check_page(page, "home-anonymous")
    page.get_by_role("link", name="Se connecter").first.click()
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    check_page(page, "login")

    page.get_by_label("Adresse électronique").fill(member_a.email)
    page.get_by_label("Mot de passe").fill("mauvais mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("ne correspondent pas")
    expect(page.get_by_label("Adresse électronique")).to_have_value(member_a.email)
    check_page(page, "login-error")

    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/espace/$"))
    expect(page.get_by_role("heading", name="Mon espace")).to_be_visible()
    expect(page.get_by_text("Association A")).to_be_visible()
    check_page(page, "workspace-member")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="My workspace")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_page(page, "workspace-member-en")
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", name="Mon espace")).to_be_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()


def test_coordinator_invites_an_editor_who_accepts_and_lands_in_the_workspace(
    new_page, coordinator, association_a
):
    page = new_page()
    log_in(page, coordinator.email, PASSWORD)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Invitations"
    ).click()
    page.get_by_role("link", name="Inviter une personne").first.click()
    check_page(page, "invite-form")

    # Bad input first: no address, no association.
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("alert")).to_be_visible()

    page.get_by_label("Adresse électronique de la personne à inviter").fill(
        "nouvelle.editrice@exemple.org"
    )
    page.get_by_label("Association").select_option(label="Association A")
    page.get_by_label("Rôle").select_option(label="Éditeur·rice de l'association")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Invitation envoyée à nouvelle.editrice@exemple.org"
    )
    expect(
        page.get_by_role("cell", name="nouvelle.editrice@exemple.org", exact=True)
    ).to_be_visible()
    check_page(page, "invitations")

    link = last_link(r"https?://\S+/invitation/\S+/")
    invitee = new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Rejoindre le réseau")).to_be_visible()
    check_page(invitee, "invitation-accept")
    invitee.get_by_label("Prénom").fill("Nora")
    invitee.get_by_label(re.compile(r"^Nom")).fill("Vasseur")
    invitee.get_by_label(re.compile(r"^Mot de passe\s*:")).fill("Un-vrai-mot-de-passe-2026")
    invitee.get_by_label("Mot de passe (confirmation)").fill("Un-vrai-mot-de-passe-2026")
    invitee.get_by_role("button", name="Créer mon compte").click()
    expect(invitee).to_have_url(re.compile(r"/espace/$"))
    expect(invitee.get_by_role("status")).to_contain_text("Bienvenue, Nora")
    expect(invitee.get_by_role("link", name="Association A")).to_be_visible()
    check_page(invitee, "workspace-new-editor")

    # The link works once.
    invitee.goto(link)
    expect(
        invitee.get_by_role("heading", name="Cette invitation a déjà été utilisée")
    ).to_be_visible()
    check_page(invitee, "invitation-used")


def test_password_reset_pages_are_accessible(page, member_a):
    page.goto("/compte/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    check_page(page, "password-reset")
    page.get_by_label("Adresse électronique").fill(member_a.email)
    page.get_by_role("button", name="Envoyer le lien").click()
    expect(page.get_by_role("heading", name="Consultez votre messagerie")).to_be_visible()
    check_page(page, "password-reset-done")
    page.goto(last_link(r"https?://\S+/compte/mot-de-passe/nouveau/\S+/"))
    expect(page.get_by_role("heading", name="Choisir un nouveau mot de passe")).to_be_visible()
    check_page(page, "password-reset-confirm")
    page.get_by_label(re.compile(r"^Nouveau mot de passe")).fill("Encore-un-secret-2026")
    page.get_by_label(re.compile(r"^Confirmation du nouveau mot de passe")).fill(
        "Encore-un-secret-2026"
    )
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    expect(page.get_by_role("heading", name="Mot de passe modifié")).to_be_visible()


def test_coordinator_pages_are_accessible(page, coordinator, member_a, member_b):
    log_in(page, coordinator.email, PASSWORD)
    check_page(page, "workspace-coordinator")
    page.goto("/espace/membres/")
    check_page(page, "memberships")
    page.get_by_role("link", name=re.compile("Terminer")).first.click()
    check_page(page, "membership-end")
