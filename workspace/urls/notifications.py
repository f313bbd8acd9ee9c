from django.urls import path

from ..views import notifications as views

app_name = "notifications"

urlpatterns = [
    path("espace/notifications/", views.notification_list, name="list"),
    path("espace/notifications/tout-lu/", views.notification_read, name="read_all"),
    path("espace/notifications/preferences/", views.preferences, name="preferences"),
    path("espace/notifications/<int:pk>/", views.notification_open, name="open"),
    path("espace/notifications/<int:pk>/lu/", views.notification_read, name="read"),
    path("espace/suivre/<str:app_label>/<str:model>/<int:pk>/", views.toggle_follow, name="follow"),
    path("notifications/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
