"""Open data under /associations/donnees/: the public facts of the sheets as data·inclusion
``structures.json`` and ``services.json`` and as ``associations.csv`` (the same for everybody:
``workspace.services.opendata`` reads the sheets as the public does)."""

from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from entraide import files

from ..services import opendata


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _open(response):
    response["Access-Control-Allow-Origin"] = "*"
    return files.protect(response, cache=files.PUBLIC)


def structures_json(request):
    return _open(
        JsonResponse(
            opendata.structures(_base_url(request)),
            safe=False,
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    )


def services_json(request):
    return _open(
        JsonResponse(
            opendata.services(_base_url(request)),
            safe=False,
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    )


def associations_csv(request):
    response = HttpResponse(
        opendata.associations_csv(_base_url(request)), content_type="text/csv; charset=utf-8"
    )
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="associations-{day.isoformat()}.csv"'
    return _open(response)
