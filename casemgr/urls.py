from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accommodations import views as accommodation_views
from accounts import views as account_views

urlpatterns = [
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", account_views.two_factor, name="two_factor"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI for signed-in staff, from the project's own static files and with its start-up script as a
    # separate request, so the Content-Security-Policy stays as strict as on every other page.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("casemgr.api_urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("cases/<uuid:case_id>/evidence/", include("evidence.urls")),
    path("cases/<uuid:public_id>/measures/", include("accommodations.urls")),
    # A tutor's e-mail links here; the signed token is the only key (accommodations.tutor_messages).
    path("tutor/<str:token>/", accommodation_views.tutor_instruction, name="tutor_instruction"),
    path("", include("portal.urls")),
    path("", include("office.urls")),
    path("", include("cases.urls")),
]
