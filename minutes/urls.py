from django.urls import path

from . import views

app_name = "minutes"

urlpatterns = [
    path("decisions/", views.decisions, name="decisions"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/suivi/", views.update_action, name="update_action"),
    path("<slug:slug>/secretaire/", views.secretary, name="secretary"),
    path("<slug:slug>/compte-rendu/commencer/", views.start, name="start"),
    path("<slug:slug>/compte-rendu/projet/", views.draft, name="draft"),
    path(
        "<slug:slug>/compte-rendu/decisions/<str:decision_id>/consulter/",
        views.open_consultation,
        name="open_consultation",
    ),
    path("<slug:slug>/compte-rendu/envoye/", views.submitted, name="submitted"),
    path("<slug:slug>/compte-rendu/erratum/", views.add_erratum, name="erratum"),
    path("<slug:slug>/compte-rendu.pdf", views.minutes_pdf, name="pdf"),
]
