"""API routes of interim measures, mounted under /api/v1/cases/<case_id>/ (casemgr/api_urls.py)."""

from django.urls import URLPattern, URLResolver, path

from accommodations.api import views

case_urls: list[URLPattern | URLResolver] = [
    path("measures/", views.CaseMeasureApi.as_view(), name="case-measures"),
    path("measures/no-measure-offered/", views.NoMeasureOfferedApi.as_view(), name="measure-none-offered"),
    path("measures/<int:pk>/decision/", views.MeasureDecisionApi.as_view(), name="measure-decision"),
    path("measures/<int:pk>/implementation/", views.MeasureImplementationApi.as_view(), name="measure-implementation"),
    path("measures/<int:pk>/review/", views.MeasureReviewApi.as_view(), name="measure-review"),
    path("measures/<int:pk>/lift/", views.MeasureLiftApi.as_view(), name="measure-lift"),
    path("measures/<int:pk>/deadline-pause/", views.MeasureDeadlinePauseApi.as_view(), name="measure-deadline-pause"),
    path(
        "measures/<int:pk>/deadline-extension/",
        views.MeasureDeadlineExtensionApi.as_view(),
        name="measure-deadline-extension",
    ),
    path("deadline-adjustments/<int:pk>/end/", views.AdjustmentEndApi.as_view(), name="deadline-adjustment-end"),
    path("measures/<int:pk>/tutor-message/", views.TutorMessageApi.as_view(), name="measure-tutor-message"),
    path("measures/<int:pk>/tutor-message/send/", views.TutorMessageSendApi.as_view(), name="measure-tutor-send"),
]
