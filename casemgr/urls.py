from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accommodations import views as accommodation_views
from accounts import account_views, link_views, sso_views
from accounts import views as account_views_signin

urlpatterns = [
    path("accounts/login/", account_views_signin.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", account_views_signin.two_factor, name="two_factor"),
    # One-time links (invitations, password resets) and the reset form: public. The token is the only key.
    path("accounts/link/password/", link_views.set_password, name="account_link_password"),
    path("accounts/link/<str:token>/", link_views.open_link, name="account_link"),
    path("accounts/password-reset/", link_views.request_reset, name="password_reset"),
    path("accounts/password-reset/sent/", link_views.reset_sent, name="password_reset_sent"),
    # Single sign-on by OpenID Connect: 404 unless configured (CASEMGR_OIDC_CLIENT_ID).
    path("accounts/sso/start/", sso_views.StartView.as_view(), name="oidc_start"),
    path("accounts/sso/callback/", sso_views.CallbackView.as_view(), name="oidc_callback"),
    # A person's own account page: the authenticator app of a person on a case.
    path("account/", account_views.account_settings, name="account_settings"),
    path("account/authenticator/", account_views.add_authenticator, name="account_authenticator_add"),
    path("account/authenticator/remove/", account_views.remove_authenticator, name="account_authenticator_remove"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI for signed-in staff, from the project's own static files and with its start-up script as a
    # separate request, so the Content-Security-Policy stays as strict as on every other page.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("casemgr.api_urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    # Online reports: the public form and return visits under report/, the intake queue under intake/.
    path("", include("intake.urls")),
    path("cases/<uuid:case_id>/evidence/", include("evidence.urls")),
    path("cases/<uuid:public_id>/measures/", include("accommodations.urls")),
    # A tutor's e-mail links here; the signed token is the only key (accommodations.tutor_messages).
    path("tutor/<str:token>/", accommodation_views.tutor_instruction, name="tutor_instruction"),
    path("", include("portal.urls")),
    path("", include("office.urls")),
    path("", include("cases.urls")),
]
