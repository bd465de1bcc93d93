"""casemgr's URLs and the scale bench's yardsticks (bench.scale_bench):

- /bench/minimal/: a signed-in staff member's smallest page (no template, no query of its own), the
  yardstick every page is compared with;
- the floors: what a page must do whatever it shows, so that a page's ratio can be read against the
  best any design of it could reach:
  - /bench/floor/page/: the site's page (base template: header, navigation, language switch) with an
    empty body;
  - /bench/floor/case/<id>/: the case page's own obligations: the object-permission check that answers
    a forbidden case like a missing one, the audit row of the read, and the page with only the case's
    heading;
  - /bench/floor/status/<id>/: the status page's: her own Party row (the one way a party reaches a
    case), and the page with only its heading.
"""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from audit.reads import record_case_view
from casemgr.clock import now
from casemgr.urls import urlpatterns as casemgr_urlpatterns
from cases.access import VIEW, access_case
from cases.views.common import acting_user
from portal.access import access_party

_FLOOR = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>{{ heading }}</h1>{% endblock %}'
)


@login_required
def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
def floor_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_FLOOR.render({"heading": "casemgr"}, request))


@login_required
def floor_case(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=VIEW)
    record_case_view(user, case_id=case.pk, page="bench.floor", at=now())
    return HttpResponse(_FLOOR.render({"heading": case.reference}, request))


@login_required
def floor_status(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    party = access_party(acting_user(request), case_id)
    return HttpResponse(_FLOOR.render({"heading": party.case.reference}, request))


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/floor/page/", floor_page),
    path("bench/floor/case/<uuid:public_id>/", floor_case),
    path("bench/floor/status/<uuid:case_id>/", floor_status),
    *casemgr_urlpatterns,
]
