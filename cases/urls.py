from django.urls import URLPattern, URLResolver, path

from cases.views import actions, bundle, complaint, outcome
from cases.views.access_report import access_report

app_name = "cases"

# Cases are addressed by their public UUID only: no reference, name or allegation ever appears in a URL.
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/new/", complaint.case_new, name="case_new"),
    path("cases/<uuid:public_id>/bundle/", bundle.hearing_bundle, name="bundle"),
    path("cases/<uuid:public_id>/access-report/", access_report, name="access_report"),
    path("cases/<uuid:public_id>/stage/", actions.change_stage, name="stage"),
    path("cases/<uuid:public_id>/notes/", actions.record_event, name="notes"),
    path("cases/<uuid:public_id>/parties/", actions.add_party, name="parties"),
    path("cases/<uuid:public_id>/parties/contact/", actions.record_contact, name="contact"),
    path("cases/<uuid:public_id>/allegations/", actions.add_allegation, name="allegations"),
    path("cases/<uuid:public_id>/assign/", actions.assign_officer, name="assign"),
    path("cases/<uuid:public_id>/unassign/", actions.unassign_officer, name="unassign"),
    path("cases/<uuid:public_id>/panel/", actions.assign_panel, name="panel"),
    path("cases/<uuid:public_id>/panel/remove/", actions.remove_panel, name="panel_remove"),
    path("cases/<uuid:public_id>/requests/", actions.record_request, name="requests"),
    path("cases/<uuid:public_id>/requests/decide/", actions.decide_request, name="decide_request"),
    path("cases/<uuid:public_id>/proceedings/", actions.record_proceeding, name="proceedings"),
    path("cases/<uuid:public_id>/proceedings/update/", actions.update_proceeding, name="update_proceeding"),
    path("cases/<uuid:public_id>/pause/", actions.pause_case, name="pause"),
    path("cases/<uuid:public_id>/resume/", actions.resume_case, name="resume"),
    path("cases/<uuid:public_id>/outcome/", outcome.record_outcome, name="outcome"),
    path("cases/<uuid:public_id>/compliance/", outcome.record_compliance, name="compliance"),
    path("cases/<uuid:public_id>/appeal/", outcome.lodge_appeal, name="appeal"),
    path("cases/<uuid:public_id>/appeal/decide/", outcome.decide_appeal, name="decide_appeal"),
]
