from django.urls import URLPattern, URLResolver, path

from privacy import views

app_name = "privacy"
# Requests and cases are addressed by public UUIDs only: no name, id or reference in a URL.
urlpatterns: list[URLPattern | URLResolver] = [
    path("notice/", views.notice, name="notice"),
    path("holds/", views.holds, name="holds"),
    path("cases/<uuid:public_id>/legal-hold/", views.case_hold, name="case_hold"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:public_id>/export.json", views.export_json, name="export_json"),
    path("requests/<uuid:public_id>/export.pdf", views.export_pdf, name="export_pdf"),
    path("requests/<uuid:public_id>/<slug:step>/", views.request_step, name="request_step"),
]
