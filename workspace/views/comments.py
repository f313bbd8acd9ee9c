"""Posting a comment: the one path every commented object uses.

Topic comments, discussion comments and practice questions share its checks (permission,
lock, form age and integrity, size, rate limit), its French errors that keep the typed
text, the follow and the notification, so they cannot drift apart.
"""

import logging

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect

from ..forms.comments import CommentForm
from ..services import comments

logger = logging.getLogger(__name__)


def post_from_request(
    request, obj, *, allowed, render, notify, url, success, refusal=None, label=None
):
    """Post the comment of ``request`` on ``obj``: the one path every commented object uses.

    - ``allowed``: whether ``request.user`` may comment ``obj`` (else 404, as if unseen);
    - ``refusal``: a message when the thread takes no comment now (locked): the page is
      shown again with the message and the typed text;
    - ``render(form, status)``: the object's page with this comment form;
    - ``notify(comment)``: emits the event, in the transaction that saves the comment;
    - ``url``: the object's page, where the new comment is shown; ``success``: the message.

    A form that is too old, tampered with, empty or too long, and a person posting too
    fast, get the page again with a French error and their text kept.
    """
    if not allowed:
        raise Http404
    form = CommentForm(obj, data=request.POST, label=label)
    if refusal:
        return render(form.refused(refusal), 409)
    if not form.is_valid():
        return render(form.refreshed(), 400)
    if comments.too_fast(request.user):
        logger.info("comment refused: user %s posts too fast", request.user.pk)
        return render(form.too_fast(), 429)
    with transaction.atomic():
        comment = comments.post(
            obj,
            request.user,
            form.cleaned_data["comment"],
            form.cleaned_data.get("reply_to"),
        )
        notify(comment)
    messages.success(request, success)
    return redirect(f"{url}#c{comment.pk}")
