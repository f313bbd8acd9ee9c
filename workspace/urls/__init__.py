"""The workspace under /espace/: home, associations, invitations, memberships, calendar.

The meetings (/reunions/), discussions (/discussions/), the needs and offers board
(/coups-de-main/) and notification centre have their own URL maps beside this one
(``urls.meetings``, ``urls.discussions``, ``urls.board``, ``urls.notifications``).
"""

from django.urls import path

from ..views import calendar, home, people, requests

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
    path("associations/<slug:slug>/", home.association_detail, name="association"),
    path(
        "associations/<slug:slug>/demandes/",
        requests.association_requests,
        name="association_requests",
    ),
    path("demandes-en-attente/", requests.overdue_requests, name="overdue_requests"),
    path("invitations/", people.invitations, name="invitations"),
    path("invitations/nouvelle/", people.invite, name="invite"),
    path("invitations/<int:pk>/retirer/", people.withdraw_invitation, name="withdraw_invitation"),
    path("membres/", people.memberships, name="memberships"),
    path("membres/<int:pk>/role/", people.change_membership, name="change_membership"),
    path("membres/<int:pk>/terminer/", people.end_membership, name="end_membership"),
    path("calendrier/", calendar.calendar_settings, name="calendar"),
]
