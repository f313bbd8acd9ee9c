"""The reference of the benchmark: a bare Django view returning a constant 2 kB page.

Served by gunicorn like the site (``gunicorn bench.bare:application``), with no middleware,
no database and no template: what Django itself costs per request on this machine. Every
page of the site is measured as a ratio to this view's throughput, measured just before.
"""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-view-not-secret",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after settings.configure()
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

HEAD = "<!doctype html><html lang=fr><head><meta charset=utf-8><title>Page</title></head><body><p>"
TAIL = "</p></body></html>"
BODY = (HEAD + ("Entraide " * 250)[: 2048 - len(HEAD) - len(TAIL)] + TAIL).encode()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]

application = get_wsgi_application()
