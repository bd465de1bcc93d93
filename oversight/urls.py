from django.urls import URLPattern, URLResolver, path

from oversight import views

app_name = "oversight"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.flag_list, name="flag_list"),
    path("team/", views.team_flags, name="team_flags"),
]
