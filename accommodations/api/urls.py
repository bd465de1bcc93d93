"""API routes of interim measures, mounted under /api/v1/cases/<case_id>/ (casemgr/api_urls.py)."""

from django.urls import URLPattern, URLResolver, path

from accommodations.api import views

case_urls: list[URLPattern | URLResolver] = [
    path("measures/", views.CaseMeasureApi.as_view(), name="case-measures"),
    path("measures/<int:pk>/decision/", views.MeasureDecisionApi.as_view(), name="measure-decision"),
    path("measures/<int:pk>/implementation/", views.MeasureImplementationApi.as_view(), name="measure-implementation"),
    path("measures/<int:pk>/lift/", views.MeasureLiftApi.as_view(), name="measure-lift"),
]
