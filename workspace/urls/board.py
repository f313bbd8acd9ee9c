from django.urls import path

from ..views import board as views

app_name = "board"

urlpatterns = [
    path("", views.board_list, name="list"),
    path("nouveau/", views.new_post, name="new"),
    path("categories-suivies/", views.follow_categories, name="follow"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("<int:pk>/repondre/", views.answer, name="answer"),
    path("<int:pk>/pourvu/", views.mark_matched, name="match"),
    path("<int:pk>/clore/", views.close, name="close"),
]
