from django.urls import URLPattern, path

from portal import officer_views, views

app_name = "portal"
# A party's case is addressed by its public UUID only: nothing of her or the case is in a URL.
urlpatterns: list[URLPattern] = [
    path("start/", views.landing, name="landing"),
    path("my/", views.my_cases, name="my_cases"),
    path("my/cases/<uuid:case_id>/", views.case_page, name="case"),
    path("my/cases/<uuid:case_id>/staff-access/", views.staff_access, name="access"),
    path("my/cases/<uuid:case_id>/message/", views.send_message, name="message"),
    path("my/cases/<uuid:case_id>/measure/", views.ask_measure, name="measure"),
    path("my/cases/<uuid:case_id>/review/", views.ask_review, name="review"),
    path("my/cases/<uuid:case_id>/information/", views.add_information, name="information"),
    path("my/cases/<uuid:case_id>/withdraw/", views.withdraw, name="withdraw"),
    path("my/cases/<uuid:case_id>/appeal/", views.appeal, name="appeal"),
    path("cases/<uuid:case_id>/parties/reply/", officer_views.reply, name="officer_reply"),
    path("cases/<uuid:case_id>/parties/delay/", officer_views.explain_delay, name="officer_explain"),
    path("cases/<uuid:case_id>/parties/review/", officer_views.answer_review, name="officer_review"),
    path("cases/<uuid:case_id>/parties/disclosure/", officer_views.disclose_measure, name="officer_disclose"),
    path("cases/<uuid:case_id>/parties/notice/", officer_views.release_notice, name="officer_release"),
]
