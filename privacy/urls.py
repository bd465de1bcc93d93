from django.urls import URLPattern, URLResolver, path

from privacy import views

app_name = "privacy"
urlpatterns: list[URLPattern | URLResolver] = [
    path("notice/", views.notice, name="notice"),
    path("requests/", views.request_list, name="request_list"),
]
