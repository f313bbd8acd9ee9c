"""axe-core (WCAG 2.1 AA) on the Wagtail admin screens the association editors and the
coordinator use, in the network of the permission matrix (built once, in one test).

- editor of A: the admin's home, the practice editor for a new practice and for A's draft,
  the same draft once submitted (its status panel open);
- coordinator: the admin's home (practices and minutes waiting for them), the review of the
  submitted practice in the editor and its "request changes" dialog, the minutes editor of
  minutes circulating in their workflow task, the page's workflow history, the association
  editor (a snippet).

A rule is left out only on the page where Wagtail itself breaks it
(``WAGTAIL_EXCEPTIONS`` in test_accessibility_sweep.py, README "Accessibility").
Screenshots at 360 px in test-artifacts/screenshots/sweep/admin/.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests import matrix
from tests.e2e.conftest import axe_violations
from tests.e2e.test_accessibility_sweep import (
    SWEEP_SHOTS,
    WAGTAIL_EXCEPTIONS,
    browser_context,
)


def check(page, name, rows_name, problems, folder):
    page.wait_for_load_state("networkidle")
    for violation in axe_violations(page, skip=WAGTAIL_EXCEPTIONS.get(rows_name, {})):
        problems.append(f"{name}: {violation}")
    size = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


@pytest.mark.django_db(transaction=True)
def test_the_wagtail_admin_screens_of_editors_and_coordinator_pass_axe_core(
    browser, live_server, tmp_path
):
    from practices.models import PracticePage

    folder = SWEEP_SHOTS / "admin"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    with override_settings(
        MEDIA_ROOT=str(tmp_path / "media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
    ):
        cache.clear()
        w = matrix.build_world()
        draft = w.practice_draft
        edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])

        context = browser_context(browser, live_server, w.editor_a)
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            page.goto(reverse("wagtailadmin_home"))
            check(page, "editor-admin-home", "wagtailadmin_home", problems, folder)
            page.goto(
                reverse(
                    "wagtailadmin_pages:add",
                    args=["practices", "practicepage", w.practice_index.pk],
                )
            )
            page.locator("#id_title").wait_for()
            check(page, "editor-practice-new", "wagtailadmin_pages:add", problems, folder)
            page.goto(edit)
            page.locator("#id_title").wait_for()
            check(page, "editor-practice-edit", "wagtailadmin_pages:edit", problems, folder)
        finally:
            context.close()

        # Submitted to the practices' workflow: the coordinator's review.
        draft = PracticePage.objects.get(pk=draft.pk)
        draft.get_workflow().start(draft, w.editor_a)

        context = browser_context(browser, live_server, w.editor_a)
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            page.goto(edit)
            page.get_by_role("button", name="Afficher/masquer le statut").click()
            check(page, "editor-practice-in-review", "wagtailadmin_pages:edit", problems, folder)
        finally:
            context.close()

        context = browser_context(browser, live_server, w.coordinator)
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            page.goto(reverse("wagtailadmin_home"))
            check(page, "coordinator-admin-home", "wagtailadmin_home", problems, folder)
            page.goto(edit)
            page.locator("#id_title").wait_for()
            check(page, "coordinator-practice-review", "wagtailadmin_pages:edit", problems, folder)
            page.get_by_role("button", name="Plus d'actions").click()
            page.get_by_role("button", name="Demander des modifications").click()
            page.locator(".modal-dialog").get_by_label("Commenter").wait_for()
            page.wait_for_timeout(800)  # the dialog fades in: axe would read half-faded colours
            check(
                page,
                "coordinator-practice-request-changes",
                "wagtailadmin_pages:workflow_action",
                problems,
                folder,
            )
            page.goto(reverse("wagtailadmin_pages:edit", args=[w.draft_minutes.pk]))
            page.locator("#id_title").wait_for()
            check(page, "coordinator-minutes-editor", "wagtailadmin_pages:edit", problems, folder)
            page.goto(reverse("wagtailadmin_pages:workflow_history", args=[draft.pk]))
            check(
                page,
                "coordinator-workflow-history",
                "wagtailadmin_pages:workflow_history",
                problems,
                folder,
            )
            page.goto(reverse("wagtailsnippets_workspace_association:edit", args=[w.a.pk]))
            check(
                page,
                "coordinator-association-editor",
                "wagtailsnippets_workspace_association:edit",
                problems,
                folder,
            )
        finally:
            context.close()
        cache.clear()
    assert not problems, "axe-core:\n" + "\n".join(problems)
