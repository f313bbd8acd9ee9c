import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from tests.utils import text

LOGIN = reverse("login")


def login(client, email, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.axes
def test_login_by_email_whatever_its_case(client, member_a):
    response = login(client, "Membre@A.Exemple.org", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("workspace:home")
    assert client.get(reverse("workspace:home")).status_code == 200


@pytest.mark.axes
def test_wrong_password_gets_a_clear_french_message_and_keeps_the_address(client, member_a):
    response = login(client, member_a.email, "pas-le-bon")
    assert response.status_code == 200
    page = text(response)
    assert "Cette adresse électronique et ce mot de passe ne correspondent pas" in page
    assert f'value="{member_a.email}"' in page


def test_logout_is_a_post(client_for, member_a):
    client = client_for(member_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("workspace:home")).status_code == 302


@pytest.mark.axes
def test_lockout_after_repeated_failures_then_cool_off(client, settings, member_a):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        login(client, member_a.email, "mauvais")
    locked = login(client, member_a.email, PASSWORD)
    assert locked.status_code == 429
    assert "Trop de tentatives" in text(locked)
    assert "bloquée pendant 15 minutes" in text(locked)

    # Keyed on (e-mail, IP): another address from the same IP, or the same address
    # from another IP, still logs in.
    other = login(client.__class__(), member_a.email, PASSWORD, ip="10.0.0.2")
    assert other.status_code == 302

    # After the cool-off, the pair is free again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    released = login(client, member_a.email, PASSWORD)
    assert released.status_code == 302


@pytest.mark.axes
def test_lockout_of_one_address_leaves_others_from_the_same_ip(
    client, settings, member_a, editor_a
):
    settings.AXES_FAILURE_LIMIT = 2
    login(client, member_a.email, "x")
    login(client, member_a.email, "x")
    assert login(client, member_a.email, PASSWORD).status_code == 429
    assert login(client.__class__(), editor_a.email, PASSWORD).status_code == 302


def test_password_reset_does_not_reveal_whether_an_account_exists(client, member_a):
    known = client.post(reverse("password_reset"), {"email": member_a.email})
    unknown = client.post(reverse("password_reset"), {"email": "inconnu@exemple.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    done = client.get(reverse("password_reset_done"))
    assert "Si un compte utilise cette adresse" in text(done)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member_a.email]


def test_password_reset_mail_is_french_and_its_link_works(client, member_a):
    client.post(reverse("password_reset"), {"email": member_a.email})
    message = mail.outbox[0]
    assert message.subject == "Choisissez un nouveau mot de passe pour Entraide"
    assert f"Bonjour {member_a.get_full_name()}" in message.body
    path = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", message.body).group(1)
    form = client.get(path, follow=True)
    assert form.status_code == 200 and "Choisir un nouveau mot de passe" in text(form)
    new = "Encore-un-autre-secret-77"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.check_password(new)
    # The link works once.
    again = client.get(path, follow=True)
    assert "Ce lien ne fonctionne plus" in text(again)


def test_password_reset_with_a_malformed_address_keeps_it(client, db):
    response = client.post(reverse("password_reset"), {"email": "pas-une-adresse"})
    assert response.status_code == 200
    assert 'value="pas-une-adresse"' in text(response)
    assert "Saisissez une adresse de courriel valide" in text(response)
