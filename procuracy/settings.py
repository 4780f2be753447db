"""Settings, read from the environment.

Every concern has one variable (see README "Configuration"); every variable has an embedded default that
needs no server, so a fresh checkout runs on SQLite and a filesystem broker under ``var/``.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp import constants as csp
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PROCURACY_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()

# development: runserver, debug toolbar-free local defaults; production: every check --deploy hardening.
PROFILE = env.str("DJANGO_PROFILE", default="development")
if PROFILE not in {"development", "production"}:
    raise environ.ImproperlyConfigured("DJANGO_PROFILE must be 'development' or 'production'")
PRODUCTION = PROFILE == "production"


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in var/ so sessions survive restarts."""
    if key := env.str("DJANGO_SECRET_KEY", default=""):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Addresses of our own reverse proxy (nginx); only their X-Forwarded-For is believed for the audit log.
TRUSTED_PROXIES = frozenset(env.list("DJANGO_TRUSTED_PROXIES", default=[]))

INSTALLED_APPS = [
    # The admin, on a site that gives every registered admin the page forms' input rules (procuracy/admin_site.py).
    "procuracy.apps.SafeInputAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_htmx",
    "django_celery_beat",
    "accounts",
    "audit",
    "numbering",
    "workcalendar",
    "notifications",
    "supervision",
    "cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so static files keep their cache headers and need no policy (procuracy/security_headers.py).
    "csp.middleware.CSPMiddleware",
    "procuracy.security_headers.NoStoreMiddleware",
    # A database that does not answer is a 503 in Chinese, not a 500 (procuracy/database_unavailable.py).
    "procuracy.database_unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.sessions.SessionTouchMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "audit.context.RequestContextMiddleware",
    "accounts.middleware.SignInRequiredMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "procuracy.urls"
# A refused CSRF token (a page left open past the session) gets the Chinese 403 page, not Django's English one.
CSRF_FAILURE_VIEW = "procuracy.error_views.csrf_failure"
WSGI_APPLICATION = "procuracy.wsgi.application"

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
                "accounts.context_processors.navigation",
                "notifications.context_processors.inbox",
            ],
            "builtins": ["procuracy.date_filters"],
        },
    },
]

# --- database
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers never both read the audit chain's head
    # before either appends; WAL lets the web process read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Covering indexes (slip_matter_idx) are plain indexes on SQLite, which is what the embedded default needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    # A database that does not answer (frozen, or its host gone) costs a request two seconds and a 503, not a
    # gunicorn worker for the kernel's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # Pages run short queries whose cost the planner overestimates on the scope's OR-EXISTS clauses; JIT then
    # compiles them for 0.1-0.5 s each (bench/pages.py at a province's scale: the office's slip list 1.6 s with
    # JIT, 0.56 s without). Nothing here runs the long analytic queries JIT pays off for.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- audit log: what the database's owner cannot reach. The chain's HMAC-SM3 key and the checkpoints of the
# chain's head live outside the database, so rewriting or cutting the table is found by `verify_audit`.


def _audit_hmac_key() -> str:
    """The key from the environment, else one generated once into var/ (back it up apart from the database)."""
    if key := env.str("AUDIT_HMAC_KEY", default=""):
        return key
    path = VAR_DIR / "audit_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


AUDIT_HMAC_KEY = _audit_hmac_key()
AUDIT_CHECKPOINT_DIR = Path(env.str("AUDIT_CHECKPOINT_DIR", default=str(VAR_DIR / "audit-checkpoints")))
# The role web, worker and beat connect as (PostgreSQL): after every migrate it gets read and write on the
# tables, but only SELECT and INSERT on the audit log. Empty: the application connects as the owner (development).
DATABASE_APP_ROLE = env.str("DATABASE_APP_ROLE", default="")

# --- cache (locmem needs no server; point CACHE_URL at Redis in production)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://procuracy")}
# A Redis that is frozen (stopped, not dead) accepts connections and never answers: without these every read
# waits forever. The cache only holds what can be recomputed, so a page gives up on it after a second.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(REDIS_TIMEOUTS)
# Parallel test workers share one Redis: each keeps its own keys, so one worker's calendar edit does not make
# another's page reload the calendar in the middle of a pinned query count (its subprocesses inherit the prefix).
if _test_worker := os.environ.get("PYTEST_XDIST_WORKER"):
    CACHES["default"]["KEY_PREFIX"] = _test_worker

# --- e-mail (an optional channel; the intranet often has none)
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="procuracy@localhost")

# --- notification channels besides the in-app inbox (notifications/channels.py): "email", "webhook"
NOTIFICATION_CHANNELS = env.list("NOTIFICATION_CHANNELS", default=[])
NOTIFICATION_WEBHOOK_URL = env.str("NOTIFICATION_WEBHOOK_URL", default="")
NOTIFICATION_WEBHOOK_TIMEOUT = env.float("NOTIFICATION_WEBHOOK_TIMEOUT", default=5.0)
NOTIFICATION_SITE_URL = env.str("NOTIFICATION_SITE_URL", default="")

# --- users, sign-in and sessions
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, with the user's department, procuratorate and roles loaded in two queries (accounts/backends.py).
    "accounts.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.ChineseMinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# Activity pushes the expiry forward, so the age above is an idle timeout, not a session length: at most once
# per SESSION_TOUCH_SECONDS, so a page is not also a database write (accounts/sessions.py).
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# API tokens end like sessions: after the same idle time, and at the latest this long after they were issued.
API_TOKEN_MAX_AGE_SECONDS = env.int("API_TOKEN_MAX_AGE_SECONDS", default=8 * 60 * 60)
# How stale a token's last-use time may get before a request writes it again (so reads stay reads).
API_TOKEN_TOUCH_SECONDS = 60
# The policy (等级保护) locks an account after 5 failures. Counted per (username, address), so an outsider
# typing wrong passwords locks out only their own address; a username is locked from everywhere only at the
# higher count, summed over all addresses (accounts/lockout.py). Intranet users share NAT addresses, so an
# address alone never locks anyone.
SIGN_IN_FAILURES_PER_ADDRESS = 5
SIGN_IN_FAILURES_PER_USERNAME = env.int("SIGN_IN_FAILURES_PER_USERNAME", default=20)
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
# The address the audit log records: behind nginx every request comes from nginx, and X-Forwarded-For is believed
# only from our own proxy, so nobody picks the address their failures are counted against.
AXES_CLIENT_IP_CALLABLE = "audit.context.client_ip"
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Attempts refused during a lockout neither count nor extend it: otherwise one address could push the
# per-username count up to its limit by itself.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success clears only its own address's failures (accounts.lockout), not the outsider's lock elsewhere.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous visitors only see the sign-in page.
GUARDIAN_RAISE_403 = False

# --- language and time
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files (all served locally: the intranet has no CDN)
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Behind nginx (docker-compose.yml) the app checks permission and nginx sends the bytes: the response names
# the file under this internal location (X-Accel-Redirect). Empty: Django streams the file itself.
PROTECTED_MEDIA_URL = env.str(
    "PROTECTED_MEDIA_URL", default="/protected-media/" if PRODUCTION else ""
)  # whitenoise looks there even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only, so each operation has one body format and the schema one request type; feedback, which
    # carries files, takes multipart instead (supervision/api/views.py).
    "DEFAULT_PARSER_CLASSES": ["procuracy.api_parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "procuracy.pagination.KeyedPageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "procuracy.api_errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "检务督察管理系统 API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema is what generated clients are built from, so it must say exactly what the API does:
    # request and response shapes apart (required text has minLength, uploads are binary), every refusal in
    # the one error shape, and every enum with its Chinese labels (procuracy/api_schema.py).
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "procuracy.api_schema.add_error_responses",
        "procuracy.api_schema.add_enum_labels",
    ],
    # The schema names every endpoint and field of the business: signed-in users only (token first, so an
    # anonymous client is told how to authenticate with a 401).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}

# --- Celery
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # broadcast (pidbox) files, else ./control
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redis hands a task that is not acknowledged within this time to another worker: the task of a killed
        # worker waits this long. It must outlast the longest countdown we schedule (a delivery's last retry,
        # notifications.tasks.RETRY_BACKOFF_MAX), or Redis would redeliver a task that is merely waiting.
        "visibility_timeout": 40 * 60,
        # A publish after commit gives up within a couple of seconds when Redis is frozen; the outbox keeps the
        # row for deliver_pending. Longer than the worker's 1-second BRPOP, which must not time out.
        "socket_connect_timeout": 1.0,
        "socket_timeout": 2.0,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
    # The result backend, should one be configured (results are ignored today).
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1.0
    CELERY_REDIS_SOCKET_TIMEOUT = 2.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# django-celery-beat's scheduler, touching a heartbeat file each tick for beat's container healthcheck.
CELERY_BEAT_SCHEDULER = "procuracy.beat:HeartbeatScheduler"
BEAT_HEARTBEAT_FILE = VAR_DIR / "beat-heartbeat"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Defaults that beat installs once into its tables; afterwards the system administrator sets them on the admin's
# 定时任务 page (procuracy/schedule.py), and a restarted beat keeps what was set there (procuracy/beat.py).
CELERY_BEAT_SCHEDULE = {
    "deliver-pending-notifications": {
        "task": "notifications.tasks.deliver_pending",
        "schedule": timedelta(minutes=5),
    },
    # A calendar change marks its year; this finds the marks whose recompute the broker lost.
    "recompute-requested-deadlines": {
        "task": "workcalendar.tasks.recompute_requested_deadlines",
        "schedule": timedelta(minutes=5),
    },
    "remind-missing-calendar-year": {
        "task": "workcalendar.tasks.remind_missing_next_year",
        "schedule": crontab(minute=0, hour=9, day_of_month="1,8,15,22", month_of_year="12"),
    },
    # Every 15 minutes; the task itself does nothing on a non-workday, so the crontab need not know holidays.
    "scan-deadlines": {
        "task": "supervision.tasks.scan_deadlines",
        "schedule": crontab(minute="*/15"),
    },
    # Daily; the task drafts only on the month's first workday, once per procuratorate and month.
    "draft-monthly-circulars": {
        "task": "supervision.tasks.draft_monthly_circulars",
        "schedule": crontab(minute=0, hour=7),
    },
    # Daily at 06:00; the task drafts last month's report where there is none yet (on the 1st, or the first
    # day the job runs after it), once per procuratorate and month.
    "draft-monthly-reports": {
        "task": "supervision.tasks.draft_monthly_reports",
        "schedule": crontab(minute=0, hour=6),
    },
    # Daily at 06:30; the task opens last month's 过问案件记录月报 of every prosecutor who has none yet (on the 1st,
    # or the first day it runs after it); reminders of the unmade ones go through the deadline scan.
    "open-inquiry-returns": {
        "task": "cases.tasks.open_inquiry_returns",
        "schedule": crontab(minute=30, hour=6),
    },
    # The audit chain's head, signed into a file outside the database: a cut tail shows at the next verify.
    "checkpoint-audit-chain": {
        "task": "audit.tasks.checkpoint_audit_chain",
        "schedule": crontab(minute="*/15"),
    },
}

# --- the deadline ladder (supervision.deadlines.rules): who is told what, when. Thresholds count workdays.
# Audiences: assignee (a matter's responsible people, a slip's acknowledger), department_head, inspector,
# director (督察办主任 of the procuratorate), leadership (院领导, the chief prosecutor).
DEADLINE_LADDER = {
    "slip_warning_workdays": env.int("DEADLINE_SLIP_WARNING_WORKDAYS", default=2),
    "one_week_reminder_workday": env.int("DEADLINE_ONE_WEEK_REMINDER_WORKDAY", default=4),
    "director_after_workdays": env.int("DEADLINE_DIRECTOR_AFTER_WORKDAYS", default=3),
    "leadership_after_workdays": env.int("DEADLINE_LEADERSHIP_AFTER_WORKDAYS", default=10),
    "problem_unclaimed_workdays": env.int("DEADLINE_PROBLEM_UNCLAIMED_WORKDAYS", default=2),
    "audiences": {
        "warning": ["assignee", "department_head"],
        "one_week": ["assignee", "department_head"],
        "unclaimed": ["department_head"],
        "overdue": ["assignee", "department_head", "inspector"],
        "director": ["director"],
        "leadership": ["leadership"],
    },
}

# 过问案件记录月报: the return of a month is due on this workday of the next month (三个规定, 每月零报告).
INQUIRY_RETURN_DUE_WORKDAYS = env.int("INQUIRY_RETURN_DUE_WORKDAYS", default=5)

# --- deployment hardening (production profile; `manage.py check --deploy` reports nothing)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    USE_X_FORWARDED_HOST = env.bool("DJANGO_USE_X_FORWARDED_HOST", default=False)
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy (django-csp): every script and style is one of our static files. A nonce is
# added to a response only when its template asks for one: the API docs page's start-up script and style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
