"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from casemgr.urls import urlpatterns as site_urlpatterns


def _fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret-detail-of-the-failure")


def _forbid(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("secret-detail-of-the-refusal")


def _bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest("secret-detail-of-the-bad-request")


urlpatterns = [
    path("test-fail/", _fail),
    path("test-forbid/", _forbid),
    path("test-bad/", _bad),
    *site_urlpatterns,
]
