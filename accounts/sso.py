"""Single sign-on by OpenID Connect (mozilla-django-oidc), matching people to existing accounts only.

The claim named by CASEMGR_OIDC_ID_CLAIM must equal an active account's username (the institutional
id); no account is created for anyone else. The ID token must come from CASEMGR_OIDC_ISSUER for our
client. Staff still type their second factor afterwards (accounts.middleware).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]

from accounts.models import User


def institutional_id(claims: dict[str, Any]) -> str:
    value = claims.get(settings.CASEMGR_OIDC_ID_CLAIM)
    return value.strip() if isinstance(value, str) else ""


class InstitutionBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        # Only the callback view passes the nonce it kept: a sign-in form posted with ?code= is not ours.
        if request is None or "nonce" not in kwargs:
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.CASEMGR_OIDC_ISSUER or settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token from another issuer or for another client")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(institutional_id(claims))

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return "an unknown institutional id"  # never the id itself in a log

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        found = institutional_id(claims)
        if not found:
            return User.objects.none()
        return User.objects.filter(username=found, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> None:
        raise SuspiciousOperation("single sign-on creates no accounts")
