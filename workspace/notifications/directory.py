"""What the liaison sheets tell their association's editors: an orientation agent reported
wrong information on the sheet, or the sheet has not been checked for a while."""

from django.urls import reverse

from .. import permissions
from ..models import Category, LiaisonSheet, Membership, OrientationFeedback, Role, User
from .delivery import Handler


def editors_of(association_id):
    return User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(association_id=association_id, role=Role.EDITOR)
        .values("user_id"),
        is_active=True,
    )


class WrongInformationReported(Handler):
    kind = "sheet_wrong_information"
    category = Category.SHEETS

    def feedback(self, event):
        return self.row(OrientationFeedback, event, "feedback_id", "association")

    def recipients(self, event):
        feedback = self.feedback(event)
        return editors_of(feedback.association_id) if feedback else User.objects.none()

    def may_see(self, event, user):
        feedback = self.feedback(event)
        return feedback is not None and permissions.is_editor_of(user, feedback.association)

    def context(self, event, user):
        return {"feedback": self.feedback(event)}

    def url(self, event):
        feedback = self.feedback(event)
        if feedback is None:
            return reverse("workspace:home")
        return reverse("directory:edit", args=[feedback.association.slug])


class SheetStale(Handler):
    kind = "sheet_stale"
    category = Category.SHEETS

    def sheet(self, event):
        return self.row(LiaisonSheet, event, "sheet_id", "association")

    def recipients(self, event):
        sheet = self.sheet(event)
        return editors_of(sheet.association_id) if sheet else User.objects.none()

    def may_see(self, event, user):
        sheet = self.sheet(event)
        return sheet is not None and permissions.is_editor_of(user, sheet.association)

    def context(self, event, user):
        return {"sheet": self.sheet(event)}

    def url(self, event):
        sheet = self.sheet(event)
        if sheet is None:
            return reverse("workspace:home")
        return reverse("directory:edit", args=[sheet.association.slug])
