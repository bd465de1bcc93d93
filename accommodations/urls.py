from django.urls import URLPattern, URLResolver, path

from accommodations import views

# Mounted at cases/<uuid:public_id>/measures/ (casemgr/urls.py): a measure is chosen in the form, never in the URL.
app_name = "measures"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_measure, name="request"),
    path("no-measure/", views.no_measure_offered, name="no_measure"),
    path("decide/", views.decide_measure, name="decide"),
    path("implement/", views.implement_measure, name="implement"),
    path("review/", views.review_measure, name="review"),
    path("lift/", views.lift_measure, name="lift"),
    path("pause/", views.pause_deadline, name="pause"),
    path("extend/", views.extend_deadline, name="extend"),
    path("end-adjustment/", views.end_adjustment, name="end_adjustment"),
    path("tutor-message/", views.prepare_tutor_message, name="tutor_message"),
    path("tutor-message/send/", views.send_tutor_message, name="tutor_send"),
]
