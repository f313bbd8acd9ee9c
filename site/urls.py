from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from workspace.forms.accounts import EmailAuthenticationForm, QueuedPasswordResetForm
from workspace.views import calendar as calendar_views
from workspace.views import directory as directory_views
from workspace.views import hops as hop_views
from workspace.views import people as people_views

from . import files, views

handler500 = "entraide.errors.server_error"

# Django-comments(-xtd)'s own URL maps are never included: they would expose comments
# of private pages. Comment views are our own, permission-checked ones.

auth_patterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The header's network switch: to another network's host, still signed in.
    path("reseau/<int:network_id>/", hop_views.hop, name="network_hop"),
    path("arrivee/", hop_views.arrival, name="network_arrival"),
    path("mot-de-passe/changer/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/changer/termine/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The language switch needs no CSRF token: choosing a language changes nothing of the
    # person's data, and a form without a token lets anonymous pages set no cookie (cacheable).
    path("langue/", csrf_exempt(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("compte/", include(auth_patterns)),
    path("invitation/<str:token>/", people_views.accept_invitation, name="accept_invitation"),
    path("", include("workspace.urls.notifications")),
    path("espace/", include("workspace.urls")),
    path("discussions/", include("workspace.urls.discussions")),
    path("coups-de-main/", include("workspace.urls.board")),
    path("reunions/", include("minutes.urls")),
    path("reunions/", include("workspace.urls.meetings")),
    path("calendrier/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("pratiques/", include("practices.urls")),
    path("associations/", include("workspace.urls.directory")),
    path("orientation/", directory_views.orientation, name="orientation"),
    path("chiffres/", include("workspace.urls.figures")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("recherche/", views.search, name="search"),
]

# Never ``static(settings.MEDIA_URL, …)``, in DEBUG or not: it would serve every upload to
# anyone. Stored files are answered by the app they belong to, which checks who asks.
urlpatterns += [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", files.serve_stored, name="stored_file"),
    path("", include(wagtail_urls)),
]
