"""Actions around the practices, under /pratiques/ (the pages themselves are Wagtail's)."""

from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("flux.atom", views.feed, name="feed"),
    path("flux.json", views.json_feed, name="json_feed"),
    path("ailleurs/", views.elsewhere_index, name="elsewhere"),
    path(
        "ailleurs/<slug:network_slug>/<int:pk>/",
        views.elsewhere_practice,
        name="elsewhere_practice",
    ),
    path(
        "ailleurs/<slug:network_slug>/<int:pk>/adopter/",
        views.elsewhere_adopt,
        name="elsewhere_adopt",
    ),
    path(
        "ailleurs/<slug:network_slug>/<int:pk>/adoptions/<int:adoption_pk>/retirer/",
        views.elsewhere_withdraw,
        name="elsewhere_withdraw",
    ),
    path("abonnements/", views.subscriptions, name="subscriptions"),
    path(
        "abonnements/<int:pk>/retirer/",
        views.subscription_delete,
        name="subscription_delete",
    ),
    path("<int:pk>/adopter/", views.adopt, name="adopt"),
    path(
        "<int:pk>/adoptions/<int:adoption_pk>/retirer/",
        views.withdraw_adoption,
        name="withdraw_adoption",
    ),
    path("<int:pk>/questions/", views.post_question, name="comment"),
    path("<int:pk>/presenter/", views.present, name="present"),
    path("<int:pk>/envoyee/", views.submitted, name="submitted"),
    path("<int:pk>/fiche.pdf", views.practice_pdf, name="pdf"),
    path("<int:pk>/images/<int:image_pk>/<str:size>/", views.image, name="image"),
    path("<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
]
