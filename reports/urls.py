from django.urls import URLPattern, URLResolver, path

from reports import views

app_name = "reports"
# Cases are addressed by their public UUID only, as everywhere else.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.timeliness, name="timeliness"),
    path("teams/", views.teams, name="teams"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<uuid:case_id>/chronology/", views.case_chronology, name="chronology"),
    path("samples/", views.samples, name="samples"),
    path("samples/<int:sample_id>/", views.sample_detail, name="sample"),
]
