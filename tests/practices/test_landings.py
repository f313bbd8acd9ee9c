"""After submitting a practice the editor lands on a page of ours (what happens next, who
answers); the coordinator's "waiting for review" item links to the practice's review; the
editor's submit button says what it does."""

from django.test import Client
from django.urls import reverse
from django.utils import translation

from practices.models import PracticePage
from tests.practices.test_editor import add_url, edit_url, form_errors, sheet, task_state
from tests.utils import text, visible_text
from workspace.models import Notification


def submit_new(client, index, association):
    return client.post(add_url(index), {**sheet(association), "action-submit": "1"})


def test_the_editor_lands_on_what_happens_next_after_submitting(
    client_for, index, editor_a, coordinator, association_a
):
    editor = client_for(editor_a)
    response = submit_new(editor, index, association_a)
    assert response.status_code == 302, form_errors(response)
    page = PracticePage.objects.get()
    landing = reverse("practices:submitted", args=[page.pk])
    assert response["Location"] == landing
    response = editor.get(landing)
    assert response.status_code == 200
    content = visible_text(response)
    assert "Pratique envoyée au coordinateur pour relecture" in content
    assert "Dominique Coord" in content  # who answers
    assert "Ce qui se passe ensuite" in content
    assert association_a.name in content
    assert "modération" not in content
    assert reverse("wagtailadmin_pages:view_draft", args=[page.pk]) in text(response)

    # Resubmitting after changes were asked lands there too.
    client_for(coordinator).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state(page).pk]
        ),
        {"comment": "Précisez le coût."},
    )
    editor = client_for(editor_a)
    assert "La coordination demande des modifications" in visible_text(editor.get(landing))
    response = editor.post(
        edit_url(page), {**sheet(association_a, cost="1 200 €"), "action-submit": "1"}
    )
    assert response["Location"] == landing


def test_saving_a_draft_stays_in_the_editor(client_for, index, editor_a, association_a):
    editor = client_for(editor_a)
    response = editor.post(add_url(index), sheet(association_a))
    assert response.status_code == 302
    assert "/envoyee/" not in response["Location"]


def test_the_landing_is_for_those_who_may_edit_the_practice(
    client_for, index, editor_a, editor_b, member_a, coordinator, association_a
):
    submit_new(client_for(editor_a), index, association_a)
    landing = reverse("practices:submitted", args=[PracticePage.objects.get().pk])
    assert client_for(editor_b).get(landing).status_code == 404
    assert client_for(member_a).get(landing).status_code == 404
    assert client_for(coordinator).get(landing).status_code == 200
    assert Client().get(landing).status_code == 302


def test_the_submit_button_says_what_it_does(client_for, index, editor_a, association_a):
    content = visible_text(client_for(editor_a).get(add_url(index)))
    assert "Envoyer au coordinateur pour relecture" in content
    assert "Soumettre à" not in content


def test_waiting_for_review_links_to_the_practice(
    client_for, index, editor_a, coordinator, association_a
):
    submit_new(client_for(editor_a), index, association_a)
    page = PracticePage.objects.get()
    response = client_for(coordinator).get(reverse("workspace:home"))
    content = text(response)
    assert "attend votre validation" in content
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in content
    assert f'href="{reverse("wagtailadmin_home")}"' not in content.split("<main", 1)[1]


def test_the_coordination_hears_of_a_submitted_practice_with_a_link_to_its_review(
    client_for, index, editor_a, coordinator, association_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_new(client_for(editor_a), index, association_a)
    page = PracticePage.objects.get()
    (notice,) = Notification.objects.filter(user=coordinator, event__kind="practice_submitted")
    assert notice.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert "Pratique à relire" in notice.title
    assert not Notification.objects.filter(user=editor_a, event__kind="practice_submitted")
    # Submitted again after changes: heard again, once.
    client_for(coordinator).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state(page).pk]
        ),
        {"comment": "Précisez le coût."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor_a).post(
            edit_url(page), {**sheet(association_a, cost="1 200 €"), "action-submit": "1"}
        )
    assert (
        Notification.objects.filter(user=coordinator, event__kind="practice_submitted").count() == 2
    )


def test_wagtails_generic_words_of_the_workflows_are_the_networks():
    with translation.override("fr"):
        assert translation.gettext("In Moderation") == "En relecture"
        assert (
            translation.gettext("Page '%(page_title)s' has been submitted for moderation.")
            == "« %(page_title)s » est envoyée pour relecture."
        )
