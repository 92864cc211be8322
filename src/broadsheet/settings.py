"""Broadsheet's one settings module: every knob is read from the environment here.

Defaults are safe for production (DEBUG off, HTTPS-only cookies, HSTS). `./run serve`
sets the few variables a local, plain-HTTP demo needs (see `run`).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language_info

from broadsheet.core.environment import env, env_bool, env_int, env_list, env_rate

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env("BROADSHEET_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (./run serve creates one under the data directory for you)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's public address, used in feeds, sitemaps and canonical links when set.
SITE_URL = env("SITE_URL").rstrip("/")

INSTALLED_APPS = [
    "broadsheet.web",
    "broadsheet.newsroom",
    "broadsheet.lexicon",
    "broadsheet.talk",
    "broadsheet.accounts",
    "broadsheet.staffauth",
    "broadsheet.core",  # last of ours: an app listed above may override its templates
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
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
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.twitter_oauth2",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "allauth.socialaccount.providers.apple",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "broadsheet.web.middleware.SecurityHeadersMiddleware",
    "broadsheet.web.outage.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET answer (stored with cached pages) and 304 to a matching request.
    "django.middleware.http.ConditionalGetMiddleware",
    "broadsheet.core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "broadsheet.staffauth.middleware.StaffVerificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "broadsheet.accounts.middleware.SocialLoginRateLimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into staffauth's 429 page
]

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "broadsheet.web.context_processors.site_chrome",
                "broadsheet.core.reader_prefs.context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite (WAL, immediate transactions so concurrent writers queue instead of failing)
# is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    # Health checks replace a connection the server dropped (a restart) before it is used.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A server that does not answer fails the request (503) instead of hanging it.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "broadsheet.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    )

# A read replica: anonymous reader pages read from it, all else the primary (core/db_router.py).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL")
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),  # same engine as the primary
        "TEST": {"MIRROR": "default"},  # in the tests the replica is the test database
    }
    DATABASE_ROUTERS = ["broadsheet.core.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("broadsheet.core.page_cache.PageCacheMiddleware") + 1,
                      "broadsheet.core.db_router.ReplicaReadsMiddleware")  # fmt: skip

# Seconds a reader is told to wait (Retry-After of the 503) while the database is down.
DATABASE_RETRY_AFTER = env_int("DATABASE_RETRY_AFTER", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    # Django's RedisCache that treats a stopped Redis as a miss instead of an error
    # (core/tolerant_cache.py): the site keeps serving from the database meanwhile.
    CACHES = {
        "default": {
            "BACKEND": "broadsheet.core.tolerant_cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "broadsheet"),
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.5")),
                "RETRY_SECONDS": float(env("REDIS_RETRY_SECONDS", "5")),
            },
        }
    }
else:
    # A file cache, not local memory: the app server's workers must share the page cache and its
    # invalidation counters (docs/decisions/0002-embedded-cache.md).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Seconds an anonymous reader page may be served from the cache; 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# A path's generation key outlives its pages; an evicted or expired one means "re-render".
PAGE_CACHE_GENERATION_SECONDS = env_int("PAGE_CACHE_GENERATION_SECONDS", 86400)
# Each worker's in-memory copy of recent pages: at most this many entries and bytes.
PAGE_CACHE_LOCAL_MAX_ENTRIES = env_int("PAGE_CACHE_LOCAL_MAX_ENTRIES", 256)
PAGE_CACHE_LOCAL_MAX_BYTES = env_int("PAGE_CACHE_LOCAL_MAX_BYTES", 32 * 1024 * 1024)
# Seconds the reader-independent parts of a page (article body, comments panel) are kept in
# the cache; their keys change with every purge of the page (newsroom/fragments.py). 0: off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)
# Caching proxies in front of the app servers ("http://host:port", comma-separated) that are
# sent PURGE requests when pages change (core/proxy_purge.py; ./run stack sets its nginx).
PROXY_PURGE_URLS = env_list("PROXY_PURGE_URLS")
PROXY_PURGE_TIMEOUT = float(env("PROXY_PURGE_TIMEOUT", "2"))
# Functions (dotted paths) that purge paths from caches outside Django; invalidate_paths
# enqueues core.tasks.purge_paths for them after the commit. The proxies above are one.
PAGE_PURGERS = env_list("PAGE_PURGERS") or (
    ["broadsheet.core.proxy_purge.purge_paths"] if PROXY_PURGE_URLS else []
)


# --- Listings and sitemaps (newsroom) -------------------------------------------------
# A section's list goes back at most this many pages of newest articles (no page further
# back costs more to build than this one); older articles are in the sitemaps and search.
NEWSROOM_LISTING_MAX_PAGES = env_int("NEWSROOM_LISTING_MAX_PAGES", 50)
# URLs per sitemap file behind the /sitemap.xml index (the protocol allows 50,000).
NEWSROOM_SITEMAP_MAX_URLS = env_int("NEWSROOM_SITEMAP_MAX_URLS", 50000)


# --- Rate limits (core.rate_limits, docs/OPERATIONS.md) -------------------------------
# Per account and per client address; RATE_LIMIT_<NAME>_ACCOUNT / _ADDRESS override each.
RATE_LIMITS = {
    name: {
        scope: env_rate(f"RATE_LIMIT_{name.upper()}_{scope.upper()}", default)
        for scope, default in zip(("account", "address"), defaults, strict=True)
    }
    for name, defaults in {
        "comment_edit": ("10/600", "30/600"),
        "report": ("10/3600", "30/3600"),
        "recommend": ("60/600", "180/600"),
        "saved_words": ("120/600", "360/600"),
        "review": ("600/600", "1800/600"),  # grading My words' review cards
        "dictionary_lookup": ("off", "600/60"),
        "login": ("off", "30/60"),  # a reader's social login: its start and its callback
    }.items()
}

# --- Auth -----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked account or address
    "broadsheet.staffauth.backends.SecondFactorGate",  # no permission before the second step
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff (everyone who can open the admin) sign in with a password and a second factor
# (broadsheet.staffauth, docs/OPERATIONS.md). Password logins are throttled by django-axes per
# account and per client address, through the database every app server shares.
OTP_TOTP_ISSUER = env("STAFF_TOTP_ISSUER", "Broadsheet")
STAFF_RECOVERY_CODES = env_int("STAFF_RECOVERY_CODES", 10)
AXES_FAILURE_LIMIT = env_int("STAFF_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("STAFF_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_CLIENT_IP_CALLABLE = "broadsheet.core.client.client_ip"  # the site's one notion of it
AXES_LOCKOUT_CALLABLE = "broadsheet.staffauth.lockout.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # no record of readers' successful logins
AXES_RESET_ON_SUCCESS = False  # one's own good login must not clear an address's failures
AXES_VERBOSE = False  # no start-up banner in every command's output
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# --- Internationalisation -------------------------------------------------------------
# The site's languages, the first being the default: everything below derives from this one
# setting. Adding a UI language is its catalogues (<app>/locale/<code>/LC_MESSAGES/django.po)
# plus its code here; its name is the one Django knows it by (django.conf.locale).
BROADSHEET_LANGUAGES = env_list("BROADSHEET_LANGUAGES", "en,ko")


def languages(codes: list[str]) -> list[tuple[str, str]]:
    """(code, name in that language) for each code Django knows; an unknown code is named."""
    named = []
    for code in codes:
        try:
            named.append((code, get_language_info(code)["name_local"]))
        except KeyError:
            raise ImproperlyConfigured(
                f"BROADSHEET_LANGUAGES: {code!r} is not a language code Django knows"
            ) from None
    if not named:
        raise ImproperlyConfigured("BROADSHEET_LANGUAGES must name at least one language")
    return named


LANGUAGES = languages(BROADSHEET_LANGUAGES)
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS: list[Path] = []  # each app ships its own locale/ directory
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
# Content in several languages uses Wagtail's locales (the policy page has one per language).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("BROADSHEET_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve user-uploaded media from the app server (whitenoise only serves static files).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# --- Security -------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a reverse proxy: trust its X-Forwarded-Proto, and X-Forwarded-For from the proxy
# addresses (or networks) in TRUSTED_PROXIES only (loopback when BEHIND_PROXY names none).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXIES = [p.strip() for p in env("TRUSTED_PROXIES", "").split(",") if p.strip()]
if BEHIND_PROXY and not TRUSTED_PROXIES:
    TRUSTED_PROXIES = ["127.0.0.1/8", "::1"]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is no address or network"
        ) from None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Origins a reader-page form may post or redirect to (OAuth providers' authorize pages).
CSP_FORM_ACTION_EXTRA = env_list("CSP_FORM_ACTION_EXTRA")
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE: Literal["Lax"] = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
READER_PREFS_COOKIE_AGE = 365 * 24 * 3600  # theme and text size (core.reader_prefs)

# --- Social login ---------------------------------------------------------------------
# Readers log in only with social accounts; staff use passwords and a second factor at
# /admin/login/. Providers come from SOCIAL_* variables (read in accounts/providers.py, see
# docs/accounts.md) or from SocialApp records in the Django admin.
from broadsheet.accounts.providers import form_action_origins, socialaccount_providers  # noqa: E402

SOCIALACCOUNT_PROVIDERS = socialaccount_providers(os.environ)
CSP_FORM_ACTION_EXTRA = [*CSP_FORM_ACTION_EXTRA, *form_action_origins(SOCIALACCOUNT_PROVIDERS)]
SOCIALACCOUNT_ONLY = True
SOCIALACCOUNT_ADAPTER = "broadsheet.accounts.adapters.SocialAccountAdapter"
ACCOUNT_ADAPTER = "broadsheet.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False  # two providers may share an address; never merge by e-mail
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False  # the paper never calls a provider for the reader later
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# --- Comments -------------------------------------------------------------------------
# An optional external toxicity scorer (POST {"text"} -> {"score": 0..1}); empty: none.
TALK_TOXICITY_URL = env("TALK_TOXICITY_URL")
TALK_TOXICITY_TIMEOUT = float(env("TALK_TOXICITY_TIMEOUT", "2.0"))
TALK_COMMENTS_PER_PAGE = env_int("TALK_COMMENTS_PER_PAGE", 20)
# The comment limit in characters (grapheme clusters): server, form, counter and policy text.
TALK_COMMENT_MAX_CHARACTERS = env_int("TALK_COMMENT_MAX_CHARACTERS", 250)
# Bounded work per request: comment, report note and display name may arrive with at most
# this many code points per character of their limit (refused before any normalisation),
# and no character may carry more than TALK_MAX_COMBINING_MARKS combining marks.
TALK_INPUT_FACTOR = env_int("TALK_INPUT_FACTOR", 4)
TALK_MAX_COMBINING_MARKS = env_int("TALK_MAX_COMBINING_MARKS", 8)
# The largest word list file (TSV/CSV) a moderator may upload in the admin, in bytes.
TALK_WORD_LIST_MAX_BYTES = env_int("TALK_WORD_LIST_MAX_BYTES", 256 * 1024)
# Request bodies (form fields and JSON, not uploaded files) above this get Django's 400,
# instead of the default 2.5 MB. Room for the Wagtail editor's long articles and the
# moderators' word lists; readers' fields are capped far lower in code points above.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024)

# --- Dictionary -----------------------------------------------------------------------
# The sentence encoder that orders meanings by context (a dotted path; "" for none). The
# index records it: after a change, run ./run manage build_lexicon (docs/dictionary.md).
LEXICON_SENTENCE_ENCODER = env(
    "LEXICON_SENTENCE_ENCODER", "broadsheet.lexicon.engine.minilm.MiniLMEncoder"
)
# An article's vocabulary profile (lexicon/profile.py, at publish): the words to know per
# learner level, and the most running words read (the rest of a longer text is not).
LEXICON_PROFILE_WORDS = env_int("LEXICON_PROFILE_WORDS", 10)
LEXICON_PROFILE_MAX_WORDS = env_int("LEXICON_PROFILE_MAX_WORDS", 5000)
# A logged-in reader's lookups in an article, kept for the study sheet (the newest N per
# article, and per reader in all); older ones are deleted as new ones come.
LEXICON_LOOKUPS_KEPT_PER_ARTICLE = env_int("LEXICON_LOOKUPS_KEPT_PER_ARTICLE", 50)
LEXICON_LOOKUPS_KEPT = env_int("LEXICON_LOOKUPS_KEPT", 2000)

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Broadsheet"
WAGTAILADMIN_BASE_URL = SITE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The deepest page of search results a reader can ask for (deeper is a 404): ranked search
# costs grow with the page's depth, and no reader pages through 600 results.
SEARCH_MAX_PAGE = env_int("SEARCH_MAX_PAGE", 50)
# On PostgreSQL, search ranks only the newest this many matches (newsroom/search.py): ranking
# every match costs in proportion to the archive (docs/PERFORMANCE.md, "A million articles").
SEARCH_CANDIDATES = env_int("SEARCH_CANDIDATES", 200)
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv"]
TAGGIT_CASE_INSENSITIVE = True

# --- Background jobs (core.background, docs/OPERATIONS.md "Background work") -----------
# "database": jobs are rows that `python -m broadsheet run_worker` runs (./run serve starts
# it); "immediate": each job runs at once where it is enqueued (the tests).
TASKS_BACKEND = env("TASKS_BACKEND", "database")
if TASKS_BACKEND not in ("database", "immediate"):
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or immediate: {TASKS_BACKEND!r}")
BACKGROUND_QUEUES = ["default", "mail", "pages"]  # "default" also carries Wagtail's jobs
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": BACKGROUND_QUEUES,
    }
}
# A failed job runs again after BACKGROUND_RETRY_SECONDS, then twice that, ... (at most an
# hour apart) until it has run BACKGROUND_MAX_ATTEMPTS times; then it stays failed, listed
# in the admin (Settings > Background jobs) and by `manage background_jobs`. A job still
# running BACKGROUND_ABANDONED_SECONDS after it started lost its worker: a failed attempt.
BACKGROUND_MAX_ATTEMPTS = env_int("BACKGROUND_MAX_ATTEMPTS", 5)
BACKGROUND_RETRY_SECONDS = env_int("BACKGROUND_RETRY_SECONDS", 30)
BACKGROUND_ABANDONED_SECONDS = env_int("BACKGROUND_ABANDONED_SECONDS", 3600)
# Jobs that re-enqueue themselves (run_worker starts each); scheduled (un)publishing's pace.
BACKGROUND_PERIODIC_TASKS = ["broadsheet.newsroom.tasks.publish_scheduled_pages"]
SCHEDULED_PUBLISHING_SECONDS = env_int("SCHEDULED_PUBLISHING_SECONDS", 60)

# --- E-mail ---------------------------------------------------------------------------
# Every message the site sends becomes a job (core.mail.QueuedEmailBackend); the worker
# hands it to the backend the EMAIL_BACKEND variable names (SMTP unless set), which delivers.
EMAIL_DELIVERY_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_BACKEND = "broadsheet.core.mail.QueuedEmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Broadsheet <newsroom@localhost>")

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
