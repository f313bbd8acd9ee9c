"""The public directory under /associations/: the list, the map data, each sheet, its editor.

The orientation view (/orientation/) is named in the site's URL map beside it."""

from django.urls import path

from ..views import directory, feedback, opendata, sheets_pdf

app_name = "directory"

urlpatterns = [
    path("", directory.directory_list, name="list"),
    path("carte.json", directory.map_data, name="map"),
    path("donnees/structures.json", opendata.structures_json, name="structures"),
    path("donnees/services.json", opendata.services_json, name="services"),
    path("donnees/associations.csv", opendata.associations_csv, name="csv"),
    path(
        "quartier/<slug:neighbourhood>/fiche.pdf",
        sheets_pdf.neighbourhood_pdf,
        name="neighbourhood_pdf",
    ),
    path("<slug:slug>/", directory.sheet_detail, name="sheet"),
    path("<slug:slug>/modifier/", directory.sheet_edit, name="edit"),
    path("<slug:slug>/a-jour/", directory.sheet_confirm, name="confirm"),
    path(
        "<slug:slug>/a-jour/<slug:section>/",
        directory.section_confirm,
        name="confirm_section",
    ),
    path("<slug:slug>/fiche.pdf", sheets_pdf.sheet_pdf, name="pdf"),
    path("<slug:slug>/retour/", feedback.give_feedback, name="feedback"),
]
