"""Actions around the meetings, under /reunions/ (the pages themselves are Wagtail's)."""

from django.urls import path

from ..views import agenda, attendance, calendar, consultations, meetings, moderation, topics

app_name = "meetings"

urlpatterns = [
    path("planifier/", meetings.plan, name="plan"),
    path("rotation/", meetings.rotation_view, name="rotation"),
    path("moderation/", moderation.moderation, name="moderation"),
    path("sujets/", topics.topic_list, name="topics"),
    path("sujets/proposer/", topics.propose_topic, name="propose"),
    path("sujets/<int:pk>/", topics.topic_detail, name="topic"),
    path("sujets/<int:pk>/modifier/", topics.edit_topic, name="edit_topic"),
    path("sujets/<int:pk>/retirer/", topics.withdraw_topic, name="withdraw_topic"),
    path("sujets/<int:pk>/nous-aussi/", topics.support_topic, name="support_topic"),
    path("sujets/<int:pk>/repondre/", topics.answer_topic, name="answer_topic"),
    path("sujets/<int:pk>/cloturer/", topics.close_topic, name="close_topic"),
    path("sujets/<int:pk>/commenter/", topics.post_comment, name="comment"),
    path("sujets/<int:pk>/consulter/", consultations.open_on_topic, name="open_consultation"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("sujets/<int:pk>/pieces/<int:attachment_pk>/", topics.topic_attachment, name="attachment"),
    path("commentaires/<int:comment_pk>/signaler/", moderation.flag_comment, name="flag_comment"),
    path("commentaires/<int:comment_pk>/modifier/", moderation.edit_comment, name="edit_comment"),
    path(
        "commentaires/<int:comment_pk>/supprimer/", moderation.delete_comment, name="delete_comment"
    ),
    path("commentaires/<int:comment_pk>/masquer/", moderation.hide_comment, name="hide_comment"),
    path("commentaires/<int:comment_pk>/conserver/", moderation.keep_comment, name="keep_comment"),
    path(
        "commentaires/<int:comment_pk>/retablir/",
        moderation.hide_comment,
        {"hidden": False},
        name="restore_comment",
    ),
    path("<slug:slug>/modifier/", meetings.edit_meeting, name="edit"),
    path("<slug:slug>/annuler/", meetings.cancel_meeting, name="cancel"),
    path("<slug:slug>/decliner/", meetings.decline_hosting, name="decline"),
    path("<slug:slug>/ordre-du-jour/", agenda.agenda_builder, name="agenda"),
    path("<slug:slug>/ordre-du-jour.pdf", agenda.agenda_pdf, name="agenda_pdf"),
    path("<slug:slug>/reunion.ics", calendar.meeting_calendar, name="ics"),
    path("<slug:slug>/presence/", attendance.answer_attendance, name="attendance"),
    path("<slug:slug>/presence/rappel/", attendance.remind_attendance, name="remind_attendance"),
    path("<slug:slug>/bilan/", attendance.record_attendance, name="record_attendance"),
]
