"""Actions around the meetings, under /reunions/ (the pages themselves are Wagtail's)."""

from django.urls import path

from . import views_meetings as views

app_name = "meetings"

urlpatterns = [
    path("planifier/", views.plan, name="plan"),
    path("rotation/", views.rotation_view, name="rotation"),
    path("moderation/", views.moderation, name="moderation"),
    path("sujets/", views.topic_list, name="topics"),
    path("sujets/proposer/", views.propose_topic, name="propose"),
    path("sujets/<int:pk>/", views.topic_detail, name="topic"),
    path("sujets/<int:pk>/modifier/", views.edit_topic, name="edit_topic"),
    path("sujets/<int:pk>/retirer/", views.withdraw_topic, name="withdraw_topic"),
    path("sujets/<int:pk>/repondre/", views.answer_topic, name="answer_topic"),
    path("sujets/<int:pk>/cloturer/", views.close_topic, name="close_topic"),
    path("sujets/<int:pk>/commenter/", views.post_comment, name="comment"),
    path("sujets/<int:pk>/pieces/<int:attachment_pk>/", views.topic_attachment, name="attachment"),
    path("commentaires/<int:comment_pk>/signaler/", views.flag_comment, name="flag_comment"),
    path("commentaires/<int:comment_pk>/masquer/", views.hide_comment, name="hide_comment"),
    path("commentaires/<int:comment_pk>/conserver/", views.keep_comment, name="keep_comment"),
    path(
        "commentaires/<int:comment_pk>/retablir/",
        views.hide_comment,
        {"hidden": False},
        name="restore_comment",
    ),
    path("<slug:slug>/modifier/", views.edit_meeting, name="edit"),
    path("<slug:slug>/annuler/", views.cancel_meeting, name="cancel"),
    path("<slug:slug>/decliner/", views.decline_hosting, name="decline"),
    path("<slug:slug>/ordre-du-jour/", views.agenda_builder, name="agenda"),
    path("<slug:slug>/ordre-du-jour.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<slug:slug>/reunion.ics", views.meeting_ics, name="ics"),
    path("<slug:slug>/presence/", views.answer_attendance, name="attendance"),
    path("<slug:slug>/presence/rappel/", views.remind_attendance, name="remind_attendance"),
    path("<slug:slug>/bilan/", views.record_attendance, name="record_attendance"),
]
