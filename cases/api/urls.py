"""REST API v1 (mounted at /api/v1/). Cases are addressed by their public id, never the database key."""

from django.urls import URLPattern, URLResolver, path

from cases.api.views import cases, outcomes, parties, proceedings, requests

case_urls: list[URLPattern | URLResolver] = [
    path("", cases.CaseDetailApi.as_view(), name="case-detail"),
    path("timeline/", cases.CaseTimelineApi.as_view(), name="case-timeline"),
    path("stage/", cases.CaseStageApi.as_view(), name="case-stage"),
    path("events/", cases.CaseEventApi.as_view(), name="case-events"),
    path("parties/", parties.CasePartyApi.as_view(), name="case-parties"),
    path("parties/<int:pk>/contact/", parties.PartyContactApi.as_view(), name="party-contact"),
    path("allegations/", parties.CaseAllegationApi.as_view(), name="case-allegations"),
    path("assignments/", parties.CaseAssignmentApi.as_view(), name="case-assignments"),
    path("assignments/<str:username>/", parties.CaseAssignmentDetailApi.as_view(), name="case-assignment"),
    path("panel-members/", parties.CasePanelApi.as_view(), name="case-panel"),
    path("panel-members/<str:username>/", parties.CasePanelDetailApi.as_view(), name="case-panel-member"),
    path("requests/", requests.CaseRequestApi.as_view(), name="case-requests"),
    path("requests/<int:pk>/decisions/", requests.RequestDecisionApi.as_view(), name="request-decisions"),
    path("proceedings/", proceedings.CaseProceedingApi.as_view(), name="case-proceedings"),
    path("proceedings/<int:pk>/", proceedings.ProceedingDetailApi.as_view(), name="case-proceeding"),
    path("pause/", proceedings.CasePauseApi.as_view(), name="case-pause"),
    path("resume/", proceedings.CaseResumeApi.as_view(), name="case-resume"),
    path("outcomes/", outcomes.CaseOutcomeApi.as_view(), name="case-outcomes"),
    path("outcomes/<int:pk>/appeals/", outcomes.OutcomeAppealApi.as_view(), name="outcome-appeals"),
    path("sanctions/<int:pk>/compliance/", outcomes.SanctionComplianceApi.as_view(), name="sanction-compliance"),
    path("appeals/<int:pk>/decision/", outcomes.AppealDecisionApi.as_view(), name="appeal-decision"),
]

# Routes that are not under one case; casemgr/api_urls.py mounts these and `case_urls` in the `api` namespace.
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/", cases.CaseListApi.as_view(), name="case-list"),
    path("sanction-types/", outcomes.SanctionTypeListApi.as_view(), name="sanction-types"),
]
