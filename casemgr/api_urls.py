"""REST API v1 (mounted at /api/v1/): every app's routes in one `api` namespace. Cases are addressed by their
public id, never the database key."""

from django.urls import URLPattern, URLResolver, include, path

from accommodations.api.urls import case_urls as measure_urls
from cases.api.urls import case_urls
from cases.api.urls import urlpatterns as case_list_urls
from privacy.api import LegalHoldApi

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    *case_list_urls,
    path("cases/<uuid:case_id>/", include([*case_urls, *measure_urls])),
    path("cases/<uuid:case_id>/legal-hold/", LegalHoldApi.as_view(), name="case-legal-hold"),
]
