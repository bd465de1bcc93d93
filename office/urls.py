from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from office.views import cases, flags, invitations

app_name = "office"
# Cases are addressed by their public UUID only: no reference, name or allegation ever appears in a URL.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", RedirectView.as_view(pattern_name="office:case_list", permanent=False), name="home"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<uuid:public_id>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:public_id>/parties/<int:party_id>/invite/", invitations.invite_party, name="invite_party"),
    path("flags/", flags.flag_list, name="flag_list"),
    path("flags/team/", flags.team_flags, name="team_flags"),
]
