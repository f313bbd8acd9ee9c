"""Settings of the Entraide site, read from the environment.

With nothing set, the project runs on the *embedded default*: a SQLite file,
e-mail printed on the console, Celery tasks run eagerly in the web process and a
local-memory cache. ``DATABASE_URL`` and ``REDIS_URL`` switch it to PostgreSQL and
to Redis (Celery broker and Django cache). ``DEBUG=0`` is the production mode: it
requires a real ``SECRET_KEY`` and ``ALLOWED_HOSTS`` and turns every protection of
``manage.py check --deploy`` on. The README has the table of every variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

PROJECT_DIR = Path(__file__).resolve().parent  # site/
BASE_DIR = PROJECT_DIR.parent  # repository root

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "entraide-insecure-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (production mode). "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    # ".localhost": every network of the demo on its own host (tourcoing.localhost).
    default=["127.0.0.1", "localhost", ".localhost", "[::1]", "testserver"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------------

INSTALLED_APPS = [
    # Entraide
    "entraide",
    "workspace",
    "minutes",
    "practices",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Third parties
    "django_comments_xtd",
    "django_comments",
    "django_filters",
    "django_celery_beat",
    "axes",
    "csp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: the request id and one structured log line per request (site/observability.py).
    "entraide.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request: refuses NUL bytes, control characters, bytes
    # that are not UTF-8 and other charsets with a clean 400 page (site/middleware.py).
    "entraide.middleware.BadInputMiddleware",
    # A database that is down answers a French 503 page, not a traceback.
    "entraide.errors.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed; Django's GZip adds random padding against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # ETag on every page and 304 when it did not change.
    # (Django's, which leaves a page served from our caches alone: site/pagecache.py.)
    "entraide.pagecache.ConditionalGetMiddleware",
    # The current network, from the host name (workspace/networks.py): before the page cache.
    "workspace.middleware.NetworkMiddleware",
    # Anonymous visitors' public pages from the cache (site/pagecache.py): before the session.
    "entraide.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A signed-in reader's kept pages from the cache, until anything is written
    # (site/readercache.py): after the session, the person and the messages.
    "entraide.readercache.ReaderPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "entraide.urls"
WSGI_APPLICATION = "entraide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "entraide.context_processors.shell",
            ],
            # Every template's ``date`` filter writes "1er" for the first of the month.
            "builtins": ["entraide.templatetags.entraide_dates"],
        },
    },
]

# --- Database ---------------------------------------------------------------------

DATABASE_URL = env.str("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
    if not DATABASES["default"].get("ENGINE"):
        # django-environ only warns about an unknown scheme and leaves ENGINE empty;
        # Django would then fail much later with an obscure message.
        raise ImproperlyConfigured(
            "DATABASE_URL is not a database URL Entraide understands "
            "(expected e.g. postgres://user:password@host:5432/name or sqlite:////path/db.sqlite3)."
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(
                env.str("SQLITE_PATH", default=str(BASE_DIR / "var" / "entraide.sqlite3"))
            ),
        }
    }
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, but an id too big for SQLite's integers finds nothing
    # instead of raising OverflowError (site/sqlite/base.py), as on PostgreSQL.
    DATABASES["default"]["ENGINE"] = "entraide.sqlite"
    # Two people writing at the same moment both succeed (the embedded default once
    # answered "database is locked"): WAL lets readers and the writer work side by side;
    # IMMEDIATE makes a transaction take the write lock when it begins, so a second writer
    # waits for it (up to ``timeout`` seconds) instead of failing when it first writes
    # after reading; synchronous=NORMAL is WAL's usual setting (a power cut may lose the
    # last commits, never the file).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("timeout", 20)
    _options.setdefault("transaction_mode", "IMMEDIATE")
    _options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    # Tests use a file rather than SQLite's shared in-memory database: with the live
    # server's threads, shared-cache tables fail at once with "table is locked" instead
    # of waiting. One file per test process, so that parallel runs do not meet.
    DATABASES["default"].setdefault(
        "TEST", {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")

if REDIS_URL:
    # A Redis outage must not become an error page: django-redis answers every cache call
    # as a miss (and logs it) when Redis cannot be reached, so Wagtail's page-URL cache and
    # anything else that reads the cache carries on from the database. Short timeouts keep
    # a Redis that hangs from holding a page for long. ``/healthz`` still reports it.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "entraide",
            "TIMEOUT": 300,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("CACHE_TIMEOUT", default=0.5),
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "entraide.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "entraide",
        }
    }

# Anonymous pages kept in the cache at most this long (a change drops them at once).
# Figures shown beyond the coordinator and the association itself hide counts below this.
FIGURES_SMALL_COUNT_THRESHOLD = env.int("FIGURES_SMALL_COUNT_THRESHOLD", default=5)

ANONYMOUS_PAGE_CACHE = env.bool("ANONYMOUS_PAGE_CACHE", default=True)
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("ANONYMOUS_PAGE_CACHE_SECONDS", default=300)
# With Redis, each web process also keeps the anonymous pages it served last and hears of
# every change on a pub/sub channel, so that a hit makes no round trip (site/localpages.py).
ANONYMOUS_PAGE_CACHE_LOCAL = env.bool("ANONYMOUS_PAGE_CACHE_LOCAL", default=True)
ANONYMOUS_PAGE_CACHE_LOCAL_ENTRIES = env.int("ANONYMOUS_PAGE_CACHE_LOCAL_ENTRIES", default=500)

# Pages a signed-in reader may read again, kept whole until anything is written
# (site/readercache.py); at most this many seconds, for what changes with the time.
READER_PAGE_CACHE = env.bool("READER_PAGE_CACHE", default=True)
READER_PAGE_CACHE_SECONDS = env.int("READER_PAGE_CACHE_SECONDS", default=60)

# Sessions stay in the database: a Redis outage must not log everybody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="entraide")
# One queue per kind of work, so a slow digest or export never holds back a password reset:
# ``mail`` (each e-mail and each event's notifications, the outbox sweep), ``reminders``
# (beat's reminders, digests, circulation closing, housekeeping), ``exports`` (exports and
# PDFs made in the background: any task named ``*.export_*`` or ``*_pdf``), and the default
# queue for the rest. docker-compose.yml runs a worker per queue; a worker started without
# ``-Q`` (``make worker``, the tests) consumes them all.
CELERY_TASK_QUEUES = [
    Queue(name) for name in (CELERY_TASK_DEFAULT_QUEUE, "mail", "reminders", "exports")
]
CELERY_TASK_ROUTES = {
    # First: the patterns are tried in this order.
    "*.export_*": {"queue": "exports"},
    "*_pdf": {"queue": "exports"},
    "workspace.tasks.send_rendered_mail": {"queue": "mail"},
    "workspace.tasks.process_event": {"queue": "mail"},
    "workspace.tasks.sweep_outbox": {"queue": "mail"},
    "workspace.tasks.send_daily_digests": {"queue": "reminders"},
    "workspace.tasks.send_weekly_digests": {"queue": "reminders"},
    "workspace.tasks.send_meeting_reminders": {"queue": "reminders"},
    "workspace.tasks.remind_stale_sheets": {"queue": "reminders"},
    "workspace.tasks.purge_expired_invitations": {"queue": "reminders"},
    "workspace.tasks.close_expired_board_posts": {"queue": "reminders"},
    "workspace.tasks.remind_missing_reports": {"queue": "reminders"},
    "minutes.tasks.*": {"queue": "reminders"},
    "practices.tasks.refresh_practice_feeds": {"queue": "reminders"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis redelivers an unacknowledged task only after this delay: keep it short so a
    # task lost with a killed worker runs again within minutes, not after an hour.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    # How often workers look for such tasks: every interval × throttle seconds.
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_RESTORE_THROTTLE", default=10),
    "unacked_mutex_expire": env.int("CELERY_RESTORE_MUTEX_EXPIRE", default=300),
    # Fail fast when Redis is down: the caller falls back to the outbox sweep.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Recorded in django-celery-beat's tables when beat starts; the coordinator can change
# the times in the database afterwards.
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "workspace.tasks.sweep_outbox", "schedule": 60.0},
    "meeting-reminders": {
        "task": "workspace.tasks.send_meeting_reminders",
        "schedule": crontab(minute=5),
    },
    "close-circulations": {
        "task": "minutes.tasks.close_circulations",
        "schedule": crontab(minute=35),
    },
    "circulation-reminders": {
        "task": "minutes.tasks.send_circulation_reminders",
        "schedule": crontab(minute=40),
    },
    "action-reminders": {
        "task": "minutes.tasks.send_action_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "daily-digests": {
        "task": "workspace.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "weekly-digests": {
        "task": "workspace.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=45, day_of_week=1),
    },
    "stale-sheet-reminders": {
        "task": "workspace.tasks.remind_stale_sheets",
        "schedule": crontab(hour=9, minute=10),
    },
    "close-expired-board-posts": {
        "task": "workspace.tasks.close_expired_board_posts",
        "schedule": crontab(hour=0, minute=20),
    },
    "missing-report-reminders": {
        "task": "workspace.tasks.remind_missing_reports",
        "schedule": crontab(hour=9, minute=20, day_of_month=5),
    },
    "purge-expired-invitations": {
        "task": "workspace.tasks.purge_expired_invitations",
        "schedule": crontab(hour=3, minute=17),
    },
    "refresh-practice-feeds": {
        "task": "practices.tasks.refresh_practice_feeds",
        "schedule": crontab(minute=50),
    },
}
# Subscribed feeds of practices may be on private or loopback addresses (tests, a local
# demo of two installations); never in production.
PRACTICE_FEEDS_ALLOW_PRIVATE = env.bool("PRACTICE_FEEDS_ALLOW_PRIVATE", default=False)

# --- Users, authentication --------------------------------------------------------

AUTH_USER_MODEL = "workspace.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "workspace.auth.MaximumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
INVITATION_VALIDITY = timedelta(days=env.int("INVITATION_VALIDITY_DAYS", default=14))

# django-axes: lock (e-mail, IP) pairs after repeated failures, for a while only.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the e-mail field of the login forms
AXES_USERNAME_CALLABLE = "workspace.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "workspace.auth.lockout"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0) or None
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# --- Internationalisation ---------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "entraide_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files -------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The media folder is private: no route and no reverse proxy serves it as a folder. Files are
# answered at MEDIA_URL by a view that asks their app's permission module, and get random
# stored names (entraide/files.py; README, "Files").
MEDIA_URL = "/fichiers/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "entraide.files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Several web machines: media on an S3-compatible object store (README, "Beyond one machine").
# The bucket stays private; MEDIA_URL still leads to our permission-checked views.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "entraide.objectstore.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        },
    }
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail -----------------------------------------------------------------------

EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
EMAIL_CONFIG = env.email_url_config(EMAIL_URL)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Entraide <ne-pas-repondre@exemple.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Entraide] "

# --- Wagtail ----------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Entraide"
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
SITE_URL = WAGTAILADMIN_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_FRONTEND_LOGIN_URL = "login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # French without accents: "benevole", "bénévole" and "bénévoles" meet. The text search
    # configuration is created by the migration practices/0002_french_unaccent.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are linked at the storage's address (MEDIA_URL + stored name), answered by the
# practices' permission-checked view; Wagtail's /documents/<id>/<name> checks, then redirects.
WAGTAILDOCS_SERVE_METHOD = "direct"
# Uploaded documents are checked by their content, not their name.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "practices.uploads.CheckedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Page addresses in plain ASCII (“bénévoles” → benevoles): readable in e-mails and old phones.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No Gravatar in the admin: no request to an outside service, nothing leaks.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_COMMENTS_ENABLED = False
# Wagtail's autosave is off: on the "new page" form, an autosave still in flight when the
# editor submits creates the page twice (seen with practices on a slow machine), and autosaved
# title changes of drafts create redirects (wagtail/wagtail#13978). Wagtail still warns
# before leaving a page with unsaved changes.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# --- Comments (django-comments-xtd) -----------------------------------------------

SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 1
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_SALT = env.str("COMMENTS_XTD_SALT", default="entraide-comments").encode()
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
# Flooding: more comments than this by one person within a minute are refused.
COMMENTS_PER_MINUTE = env.int("COMMENTS_PER_MINUTE", default=5)
# The writer may change or delete their comment for this many minutes; then only the
# coordination hides it.
COMMENT_EDIT_MINUTES = env.int("COMMENT_EDIT_MINUTES", default=15)

# --- Security ---------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # Wagtail sets SAMEORIGIN on its own preview views
CSRF_FAILURE_VIEW = "entraide.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The container's health check calls /healthz over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-csp 4: everything from our own origin; Wagtail's admin needs inline styles
# and scripts, so the admin gets a looser policy through its own decorator-free path.
# The directory's map: the tile server (its host joins the CSP's img-src). Empty: the map
# shows the places without a background (the list never needs it).
DIRECTORY_TILE_URL = env.str(
    "DIRECTORY_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
DIRECTORY_TILE_ATTRIBUTION = env.str(
    "DIRECTORY_TILE_ATTRIBUTION", default="© OpenStreetMap contributors"
)


def _tile_origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"]
        + ([_tile_origin(DIRECTORY_TILE_URL)] if _tile_origin(DIRECTORY_TILE_URL) else []),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Logging ----------------------------------------------------------------------

# One JSON object per line in production (``LOG_FORMAT=json``), readable text in development;
# every record carries the request id (README, "Logs and request ids").
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "entraide.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "entraide.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Our line per request replaces runserver's own.
        "django.server": {"level": "WARNING"},
        "entraide.request": {"level": env.str("REQUEST_LOG_LEVEL", default="INFO")},
        "axes": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Entraide ---------------------------------------------------------------------

DEMO_PASSWORD = "entraide-demo"
