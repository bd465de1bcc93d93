"""Production: every secret comes from the environment; HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from audit.keys import PUBLISHED_KEYS, parse_audit_key
from casemgr.env import env_int
from casemgr.settings.base import *  # noqa: F403
from casemgr.settings.base import (
    CASEMGR_AUDIT_KEY,
    CASEMGR_EVIDENCE_ACTIVE_KEY,
    CASEMGR_EVIDENCE_KEYS,
    DATABASES,
    REDIS_URL,
    SECRET_KEY,
)

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to at least 50 random characters")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("production needs DATABASE_URL pointing at PostgreSQL")
if not REDIS_URL:
    raise ImproperlyConfigured("production needs REDIS_URL")
if not CASEMGR_EVIDENCE_KEYS or not CASEMGR_EVIDENCE_ACTIVE_KEY:
    raise ImproperlyConfigured("production needs CASEMGR_EVIDENCE_KEYS (keyid:base64key of 32 random bytes)")
if not CASEMGR_AUDIT_KEY:
    raise ImproperlyConfigured("production needs CASEMGR_AUDIT_KEY (base64 of 32 random bytes)")
if CASEMGR_AUDIT_KEY in {parse_audit_key(published) for published in PUBLISHED_KEYS}:
    raise ImproperlyConfigured("CASEMGR_AUDIT_KEY is a published development key: set a random one")

DEBUG = False
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
