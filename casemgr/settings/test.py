"""Test configuration: the real PostgreSQL and Redis named by DATABASE_URL and REDIS_URL."""

from django.core.exceptions import ImproperlyConfigured

from casemgr.settings.base import *  # noqa: F403
from casemgr.settings.base import DATABASES, MIDDLEWARE, REDIS_URL

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or not REDIS_URL:
    raise ImproperlyConfigured(
        "tests run against PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (see scripts/test)"
    )

SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - tests only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files are served by Django's test client finders; WhiteNoise would warn about an uncollected STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]
