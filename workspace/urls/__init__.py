from django.urls import path

from . import views, views_meetings

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("associations/<slug:slug>/", views.association_detail, name="association"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/nouvelle/", views.invite, name="invite"),
    path("invitations/<int:pk>/retirer/", views.withdraw_invitation, name="withdraw_invitation"),
    path("membres/", views.memberships, name="memberships"),
    path("membres/<int:pk>/role/", views.change_membership, name="change_membership"),
    path("membres/<int:pk>/terminer/", views.end_membership, name="end_membership"),
    path("calendrier/", views_meetings.calendar_settings, name="calendar"),
]
