"""What the site adds to a django-comments-xtd comment and to a member's report.

``CommentDetails`` (one row per comment, joined with ``select_related("details__…")`` so
that the thread stays one query) names the writer's association when they posted and
when they last changed the text. ``CommentReport`` gives a member's report
(a ``CommentFlag``) its reason and note.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from .people import Association

REPORT_NOTE_MAX_LENGTH = 500


class CommentDetails(models.Model):
    comment = models.OneToOneField(
        XtdComment, on_delete=models.CASCADE, primary_key=True, related_name="details"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_coordination = models.BooleanField(_("written for the coordination"), default=False)
    edited_at = models.DateTimeField(_("changed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment details")
        verbose_name_plural = _("comment details")

    def __str__(self):
        return f"{self.comment_id} ({self.association or '-'})"


class ReportReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("It names or describes a person helped")
    DISRESPECTFUL = "disrespectful", _("Disrespectful or hurtful")
    OFF_TOPIC = "off_topic", _("Off topic or advertising")
    WRONG = "wrong", _("Wrong or misleading information")
    OTHER = "other", _("Another reason (say it in the note)")


class CommentReport(models.Model):
    flag = models.OneToOneField(
        CommentFlag, on_delete=models.CASCADE, primary_key=True, related_name="report"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.CharField(_("note"), max_length=REPORT_NOTE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")

    def __str__(self):
        return f"{self.flag_id}: {self.reason}"
