from django.urls import path

from ..views import discussions as views

app_name = "discussions"

urlpatterns = [
    path("", views.discussion_list, name="list"),
    path("nouvelle/", views.open_discussion, name="open"),
    path("<int:pk>/", views.discussion_detail, name="detail"),
    path("<int:pk>/on-le-voit-aussi/", views.support, name="support"),
    path("<int:pk>/commenter/", views.post_comment, name="comment"),
    path("<int:pk>/porter-en-reunion/", views.raise_to_meeting, name="raise"),
    path("<int:pk>/cloturer/", views.close, name="close"),
    path("<int:pk>/verrouiller/", views.lock, name="lock"),
]
