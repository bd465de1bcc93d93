from django.urls import URLPattern, URLResolver, path

from accommodations import views

# Mounted at cases/<uuid:public_id>/measures/ (casemgr/urls.py): a measure is chosen in the form, never in the URL.
app_name = "measures"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_measure, name="request"),
    path("decide/", views.decide_measure, name="decide"),
    path("implement/", views.implement_measure, name="implement"),
    path("lift/", views.lift_measure, name="lift"),
]
