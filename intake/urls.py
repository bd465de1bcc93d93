from django.urls import URLPattern, URLResolver, path

from intake.views import public, staff

app_name = "intake"
# No report number, key or name in any URL: the reporter types them into a form; staff pages use the
# report's random public id.
urlpatterns: list[URLPattern | URLResolver] = [
    path("report/", public.start, name="start"),
    path("report/new/", public.new_report, name="new_report"),
    path("report/sent/", public.report_sent, name="report_sent"),
    path("report/return/", public.lookup, name="lookup"),
    path("report/status/", public.status, name="status"),
    path("intake/", staff.report_queue, name="queue"),
    path("intake/<uuid:report_id>/", staff.report_detail, name="report_detail"),
    path("intake/<uuid:report_id>/acknowledge/", staff.acknowledge, name="acknowledge"),
    path("intake/<uuid:report_id>/ask/", staff.ask, name="ask"),
    path("intake/<uuid:report_id>/open-case/", staff.open_case, name="open_case"),
    path("intake/<uuid:report_id>/attach/", staff.attach, name="attach"),
    path("intake/<uuid:report_id>/close/", staff.close, name="close"),
    path("intake/<uuid:report_id>/link/", staff.link, name="link"),
]
