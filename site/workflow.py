"""Wagtail's workflows in the network's words: the submit button of the page editor says what
happens ("Envoyer au coordinateur pour relecture"), and after a submit the editor lands on a
page of the site that says what comes next, with the network's message instead of Wagtail's
"soumise pour modération".

The apps use these from their ``wagtail_hooks`` (``construct_page_action_menu``,
``after_create_page``, ``after_edit_page``). Wagtail's other generic strings of the
workflows are translated in the site's own catalogue (``entraide.wagtail_strings``).
"""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.admin.action_menu import SubmitForModerationMenuItem


def submitted_now(request, page):
    """Was this request a submit (to the page's workflow) that started or resumed it?"""
    if request.method != "POST" or "action-submit" not in request.POST:
        return False
    state = page.current_workflow_state
    return state is not None and state.status == state.STATUS_IN_PROGRESS


def drop_wagtail_message(request):
    """Remove the message the page editor has just queued ("… submitted for moderation"):
    the landing page says it in the network's words."""
    storage = messages.get_messages(request)
    queued = getattr(storage, "_queued_messages", None)
    if queued:
        queued.pop()


def land(request, url, text):
    """After a submit: our own message, and the landing page at ``url``."""
    drop_wagtail_message(request)
    messages.success(request, text)
    return redirect(url)


class NetworkSubmitMenuItem(SubmitForModerationMenuItem):
    """The editor's submit button, labelled by what it does for this kind of page."""

    def __init__(self, label, resubmit_label, order=60):
        super().__init__(order=order)
        self.network_label = label
        self.network_resubmit_label = resubmit_label

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
            context["label"] = self.network_resubmit_label
        else:
            context["label"] = self.network_label
        return context


def relabel_submit(menu_items, label, resubmit_label):
    """Replace Wagtail's submit item of ``menu_items`` (in place) by one with our labels."""
    for position, item in enumerate(menu_items):
        if type(item) is SubmitForModerationMenuItem:
            menu_items[position] = NetworkSubmitMenuItem(label, resubmit_label, order=item.order)
