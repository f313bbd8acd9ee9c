"""The network's figures under /chiffres/: dashboard, tables, yearly report, activity reports,
CCAS allocations."""

from django.urls import path

from ..views import figures

app_name = "figures"

urlpatterns = [
    path("", figures.dashboard, name="dashboard"),
    path("tableaux/<slug:table>.csv", figures.table_csv, name="csv"),
    path("rapport-<int:year>.pdf", figures.yearly_pdf, name="pdf"),
    path("publier/", figures.publish, name="publish"),
    path("rapports/", figures.reports, name="reports"),
    path("rapports/relancer/", figures.remind, name="remind"),
    path("rapports/<int:pk>/", figures.report_detail, name="report"),
    path("rapports/<slug:slug>/nouveau/", figures.report_new, name="report_new"),
    path("dotations/", figures.allocations, name="allocations"),
    path("dotations/nouvelle/", figures.allocation_new, name="allocation_new"),
]
