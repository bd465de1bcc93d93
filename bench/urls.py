"""casemgr's URLs and /bench/minimal/: a signed-in staff member's smallest page (no template, no query
of its own), the yardstick of bench.scale_bench."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from casemgr.urls import urlpatterns as casemgr_urlpatterns


@login_required
def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *casemgr_urlpatterns]
