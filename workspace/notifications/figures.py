"""What the figures tell an association's editors: the report of a period is awaited."""

from django.urls import reverse

from .. import permissions
from ..models import Association, Category, Period, User
from .delivery import Handler
from .directory import editors_of


class ReportMissing(Handler):
    kind = "figures_missing"
    category = Category.FIGURES

    def association(self, event):
        return self.row(Association, event, "association_id")

    def period(self, event):
        return Period.parse(event.payload.get("period"))

    def recipients(self, event):
        association = self.association(event)
        return editors_of(association.pk) if association else User.objects.none()

    def may_see(self, event, user):
        association = self.association(event)
        return association is not None and permissions.can_report_figures(user, association)

    def context(self, event, user):
        return {"association": self.association(event), "period": self.period(event)}

    def url(self, event):
        association, period = self.association(event), self.period(event)
        if association is None or period is None:
            return reverse("figures:reports")
        return reverse("figures:report_new", args=[association.slug]) + f"?periode={period.code}"
