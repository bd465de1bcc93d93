"""Settings shared by every deployment; everything that varies comes from the environment.

See the configuration table in README.md for each variable.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from audit.keys import parse_audit_key
from casemgr.env import env_bool, env_int, env_list, env_str
from evidence.keyring import choose_active_key, parse_evidence_keys

# Lets admin and generic classes be subscripted for type checking.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("CASEMGR_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "accounts",
    "deadlines",
    "cases",
    "accommodations",
    "timetable",
    "oversight",
    "notifications",
    "audit",
    "evidence",
    "interchange",
    "office",
    "portal",
    "demo",
    "reports",
    "privacy",
    "intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "audit.context.AuditOriginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casemgr.urls"
WSGI_APPLICATION = "casemgr.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Without DATABASE_URL the system runs on an embedded SQLite file so that a new machine needs no server.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    # Connections are kept for a minute, and checked at the start of each request before one is reused:
    # without the check, a connection the server dropped (a restart, a failover, pg_terminate_backend)
    # answered the next request of every worker holding one with a 500.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:// URL")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "casemgr.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address is refused before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user would be a real row that could be granted permissions; we deny by default.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Staff land on the office case list, parties on their own cases (portal.views.landing).
LOGIN_REDIRECT_URL = "portal:landing"
LOGOUT_REDIRECT_URL = "login"
# One-time links to set a password (accounts.links): how long an invitation and a reset link work.
CASEMGR_INVITATION_HOURS = env_int("CASEMGR_INVITATION_HOURS", default=72, minimum=1)
CASEMGR_PASSWORD_RESET_HOURS = env_int("CASEMGR_PASSWORD_RESET_HOURS", default=2, minimum=1)

# Single sign-on by OpenID Connect (accounts.sso, mozilla-django-oidc): off unless CASEMGR_OIDC_CLIENT_ID is
# set. People are matched to existing accounts by the CASEMGR_OIDC_ID_CLAIM claim (their institutional id,
# our usernames); nobody unknown gets an account. Staff still type their second factor after it: the
# provider's own multi-factor sign-in is not something this system can see.
OIDC_RP_CLIENT_ID = env_str("CASEMGR_OIDC_CLIENT_ID", "")
CASEMGR_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
CASEMGR_OIDC_ISSUER = env_str("CASEMGR_OIDC_ISSUER", "")
CASEMGR_OIDC_ID_CLAIM = env_str("CASEMGR_OIDC_ID_CLAIM", "institutional_id")
OIDC_RP_CLIENT_SECRET = env_str("CASEMGR_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("CASEMGR_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("CASEMGR_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("CASEMGR_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("CASEMGR_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("CASEMGR_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("CASEMGR_OIDC_SCOPES", "openid profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
if CASEMGR_OIDC_ENABLED:
    _missing = [
        name
        for name, value in {
            "CASEMGR_OIDC_ISSUER": CASEMGR_OIDC_ISSUER,
            "CASEMGR_OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
            "CASEMGR_OIDC_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
            "CASEMGR_OIDC_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
            "CASEMGR_OIDC_USERINFO_ENDPOINT": OIDC_OP_USER_ENDPOINT,
            "CASEMGR_OIDC_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
            "CASEMGR_OIDC_ID_CLAIM": CASEMGR_OIDC_ID_CLAIM,
        }.items()
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(f"single sign-on needs {', '.join(_missing)} (CASEMGR_OIDC_CLIENT_ID is set)")
    AUTHENTICATION_BACKENDS.append("accounts.sso.InstitutionBackend")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("CASEMGR_TIME_ZONE", "Asia/Hong_Kong")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"CASEMGR_TIME_ZONE {TIME_ZONE!r} is not a known time zone") from None

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Security hardening (README "Security"): staff's second factor, throttled sign-in, CSP, request limits.
# Whether to take the client address from X-Forwarded-For: only behind our own proxy (deploy/nginx.conf),
# which overwrites the header; otherwise anyone could pick the address the audit trail and lockouts see.
CASEMGR_TRUST_X_FORWARDED_FOR = env_bool("CASEMGR_TRUST_X_FORWARDED_FOR", default=False)
OTP_TOTP_ISSUER = "casemgr"
# Lock out a username *from one address*, not the username everywhere: nobody elsewhere can lock a
# colleague out by typing her username five times, while guessing from one place still stops.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# A try during the lockout starts the 15 minutes again: a guesser who keeps going stays locked out.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
# No inline script or style anywhere (templates are checked by tests/security/test_headers.py);
# the QR code of the second factor is inline SVG, which needs neither.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
# Form and JSON bodies (files excluded: evidence uploads have their own limit); nginx and gunicorn
# limit the request as a whole before it reaches Django (deploy/nginx.conf, docker-compose.yml).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Evidence (evidence/): files encrypted at rest under a directory no URL maps to (never MEDIA_ROOT or static).
# Keys are "keyid:base64key,keyid2:base64key2" (32-byte AES keys); the active one wraps new files and
# `manage.py rotate_evidence_keys` re-wraps old ones. Production refuses to start without them.
CASEMGR_EVIDENCE_ROOT = Path(env_str("CASEMGR_EVIDENCE_ROOT", str(VAR_DIR / "evidence")))
CASEMGR_EVIDENCE_KEYS = parse_evidence_keys(env_str("CASEMGR_EVIDENCE_KEYS", ""))
CASEMGR_EVIDENCE_ACTIVE_KEY = choose_active_key(CASEMGR_EVIDENCE_KEYS, env_str("CASEMGR_EVIDENCE_ACTIVE_KEY", ""))
CASEMGR_EVIDENCE_MAX_BYTES = env_int("CASEMGR_EVIDENCE_MAX_BYTES", default=25 * 1024 * 1024, minimum=1)
CASEMGR_EVIDENCE_MAX_PIXELS = env_int("CASEMGR_EVIDENCE_MAX_PIXELS", default=50_000_000, minimum=1)
# An accepted evidence file stays in memory and is never written to disk unencrypted; the evidence upload
# view also stops reading a file past CASEMGR_EVIDENCE_MAX_BYTES (evidence/uploads.py).
FILE_UPLOAD_MAX_MEMORY_SIZE = CASEMGR_EVIDENCE_MAX_BYTES + 64 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# Audit trail (audit/): rows are sealed with an HMAC key the database never holds, and the chain's head
# is checkpointed to a file outside the database, which `verify_audit` checks. Production requires the key.
# Online reports (intake): the team whose officers and supervisors read the intake queue (by name; the
# default is the conduct office's own team), and how many tries an address, or a report number, gets
# per window before it must wait (the address is kept only hashed, and only for the window).
CASEMGR_INTAKE_TEAM = env_str("CASEMGR_INTAKE_TEAM", "Conduct Office")
CASEMGR_INTAKE_THROTTLE_WINDOW_SECONDS = env_int("CASEMGR_INTAKE_THROTTLE_WINDOW_SECONDS", default=3600, minimum=1)
CASEMGR_INTAKE_MAX_REPORTS_PER_WINDOW = env_int("CASEMGR_INTAKE_MAX_REPORTS_PER_WINDOW", default=10, minimum=1)
CASEMGR_INTAKE_MAX_LOOKUPS_PER_WINDOW = env_int("CASEMGR_INTAKE_MAX_LOOKUPS_PER_WINDOW", default=10, minimum=1)

CASEMGR_AUDIT_KEY = parse_audit_key(env_str("CASEMGR_AUDIT_KEY", ""))
CASEMGR_AUDIT_CHECKPOINT_FILE = Path(
    env_str("CASEMGR_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit" / "checkpoints.jsonl"))
)
CASEMGR_AUDIT_CHECKPOINT_MINUTES = env_int("CASEMGR_AUDIT_CHECKPOINT_MINUTES", default=15, minimum=1)

# Email: subjects and bodies never carry names or allegations (see notifications/).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "casemgr@localhost")
CASEMGR_SITE_URL = env_str("CASEMGR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Celery: Redis when REDIS_URL is set, otherwise a filesystem broker that needs no server.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Exchange bindings; kombu's default is a `control` folder in the working directory.
        "control_folder": str(_broker_dir / "control"),
    }
# Keep reconnecting to the broker for as long as it is down (Celery's default gives up after ~45 minutes
# and the worker exits), and at start-up too.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", default=300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", default=240, minimum=1)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CASEMGR_SWEEP_MINUTES = env_int("CASEMGR_SWEEP_MINUTES", default=5, minimum=1)
# Notification outbox (notifications/sending.py): how long a sender owns a claimed row, the first retry
# delay (doubled per attempt, capped at 6 hours) and the attempts before a row is given up.
CASEMGR_NOTIFICATION_LEASE_SECONDS = env_int("CASEMGR_NOTIFICATION_LEASE_SECONDS", default=300, minimum=1)
CASEMGR_NOTIFICATION_RETRY_SECONDS = env_int("CASEMGR_NOTIFICATION_RETRY_SECONDS", default=60, minimum=1)
CASEMGR_NOTIFICATION_MAX_ATTEMPTS = env_int("CASEMGR_NOTIFICATION_MAX_ATTEMPTS", default=8, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "sweep-overdue-steps": {
        "task": "oversight.sweep",
        "schedule": CASEMGR_SWEEP_MINUTES * 60.0,
    },
    "send-notification-outbox": {
        "task": "notifications.send_pending",
        "schedule": 60.0,
        # A run keeps sending for up to 3/4 of the soft time limit (notifications.tasks): the minutes'
        # runs queued meanwhile expire instead of piling up in front of the sweep.
        "options": {"expire_seconds": 55},
    },
    "send-daily-digests": {
        "task": "notifications.send_daily_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    # Rows written while another request was extending the audit chain wait at most a minute unlinked.
    "link-audit-rows": {
        "task": "audit.link_pending",
        "schedule": 60.0,
    },
    "checkpoint-audit-trail": {
        "task": "audit.checkpoint",
        "schedule": CASEMGR_AUDIT_CHECKPOINT_MINUTES * 60.0,
    },
    # The retention schedule, nightly (privacy.purge; manage.py purge runs the same function).
    "purge-expired-records": {
        "task": "privacy.purge",
        "schedule": crontab(hour=2, minute=30),
    },
    # The online reports' throttle forgets the hashed addresses once their window has passed.
    "forget-intake-throttle": {
        "task": "intake.forget_throttle",
        "schedule": 600.0,
    },
    # The governance reviewers' monthly report, as a link (reports.monthly), after the day's digests.
    "queue-monthly-report": {
        "task": "reports.queue_monthly_report",
        "schedule": crontab(day_of_month="1", hour=8, minute=30),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api_permissions.IsStaffMember"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "cases.api.errors.exception_handler",
    # DRF's parsers, but JSON nesting is limited: 1,000 nested arrays raised RecursionError (a 500).
    "DEFAULT_PARSER_CLASSES": [
        "cases.api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # No OPTIONS metadata: it described the inputs to anyone asking and crashed on views without a
    # serializer (found by tests/security/test_api_fuzz.py); the schema describes the API.
    "DEFAULT_METADATA_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "casemgr API",
    "DESCRIPTION": "Case management for complaints of image-based sexual abuse.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["accounts.api_permissions.IsStaffMember"],
    # Swagger UI from the project's own static files (drf-spectacular-sidecar): no CDN, CSP unchanged.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per vocabulary, whatever the field is called (a stage move's `to` is a Stage too).
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "casemgr.vocabulary.Stage",
        "MeasureTypeEnum": "casemgr.vocabulary.MeasureType",
        "AdjustmentKindEnum": "accommodations.models.AdjustmentKind",
        "RequestKindEnum": "cases.models.requests.RequestKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("CASEMGR_LOG_LEVEL", "INFO")},
    # axes announces its configuration at every start, which would clutter every command's output.
    "loggers": {"axes": {"level": "WARNING"}},
}
