"""Settings shared by every mode. Everything a deployment changes comes from the environment.

With nothing set the portal runs on one machine: SQLite, local media files, e-mail printed to the
console, and a local Redis (or, when none answers, an in-process queue that runs jobs at once).
See the README for the variables.
"""

import zoneinfo
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import environment as env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env.text("SECRET_KEY", "django-insecure-local-only-never-use-in-production")
DEBUG = env.boolean("DEBUG", False)
ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "common",
    "home",
    "news",
    "media_library",
    "subscriptions",
    "translators",
    "resilience",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales: adds locale synchronisation
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
    "django_filters",
    "django_rq",
    "django_tasks",
    "anymail",
    "allauth",
    "allauth.account",
    "django_countries",
    "storages",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.invalid_input.InvalidInputMiddleware",  # a NUL byte: 400, before any view
    # Anonymous pages, emptied on publish. Before the rest: a stored page is answered without
    # CSRF, authentication, allauth, messages or redirects (it needs none of them; it gives the
    # reader a CSRF token itself). A page it does not have goes through them all and may be kept.
    "portal.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.routing.CachedRouteMiddleware",  # the page of an address, kept until a publish
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.redis_url("REDIS_URL")

if REDIS_URL:
    # Redis, and the database's cache table whenever Redis does not answer (resilience/cache.py):
    # pages, the admin and logging in never depend on Redis; rate limits still limit.
    CACHES = {
        "default": {
            "BACKEND": "resilience.cache.RedisWithFallbackCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 2,
                "RETRY_AFTER": env.integer("REDIS_RETRY_AFTER", 5, minimum=1),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Queues (django-rq) ---------------------------------------------------------------------
# Three queues: `media` for ffmpeg work, `mail` for newsletters and notifications, `default`
# for the rest (wagtail-localize's jobs among them). Without Redis the queues run each job at
# once, inside the request, on an in-process fake Redis: a separate rqworker could not see it.
RQ_QUEUE_NAMES = ("default", "media", "mail")
RQ_DEFAULT_TIMEOUT = env.integer("RQ_DEFAULT_TIMEOUT", 600, minimum=1)
if REDIS_URL:
    # An unreachable Redis must fail within seconds (an upload then waits for processing and
    # the periodic re-enqueue picks it up), not hang until the TCP time-out.
    _RQ_URL = REDIS_URL + ("&" if "?" in REDIS_URL else "?") + "socket_connect_timeout=3"
    RQ_QUEUES = {
        name: {"URL": _RQ_URL, "DEFAULT_TIMEOUT": RQ_DEFAULT_TIMEOUT} for name in RQ_QUEUE_NAMES
    }
else:
    import fakeredis

    _FAKE_REDIS_POOL = fakeredis.FakeRedis(server=fakeredis.FakeServer()).connection_pool
    RQ_QUEUES = {
        name: {
            "HOST": "localhost",
            "PORT": 6379,
            "DB": 0,
            "ASYNC": False,
            "DEFAULT_TIMEOUT": RQ_DEFAULT_TIMEOUT,
            "REDIS_CLIENT_KWARGS": {"connection_pool": _FAKE_REDIS_POOL},
        }
        for name in RQ_QUEUE_NAMES
    }
# Workers record a heartbeat per queue from their own process, also in the middle of a long
# job (portal/worker.py): /healthz tells a busy worker from a dead one.
RQ = {"WORKER_CLASS": "portal.worker.PortalWorker"}
RQ_SHOW_ADMIN_LINK = False  # queues are watched in Wagtail: Settings → Background jobs

# Periodic work is listed in portal/cron.py and enqueued by the scheduler
# (`manage.py run_scheduler`, the `clock` process of the Procfile), which also runs the
# reconcile pass (portal/reconcile.py: the outbox, lost media work, stalled sendings) on start
# and every RECONCILE_EVERY seconds.
RECONCILE_EVERY = env.integer("RECONCILE_EVERY", 60, minimum=1)

# Wagtail 8 runs its own small background tasks (reference index, deleting replaced files)
# through django-tasks. They stay in-process (run right after the commit): they are short, need
# no worker to be correct, and RQ's django-tasks bridge would need its own job class and queue.
# Heavy work (video, mail, translation jobs) goes to the RQ queues above.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# wagtail-localize's jobs are recorded in the outbox first (resilience/outbox.py): none is lost
# when Redis is away.
WAGTAILLOCALIZE_JOBS = {
    "BACKEND": "resilience.outbox.OutboxJobBackend",
    "OPTIONS": {"QUEUE": "default"},
}

# Machine translation in wagtail-localize's editor: MACHINE_TRANSLATOR names a class, e.g.
# wagtail_localize.machine_translators.deepl.DeepLTranslator; every MACHINE_TRANSLATOR_* variable
# becomes one of its options without the prefix (MACHINE_TRANSLATOR_AUTH_KEY -> AUTH_KEY).
_MACHINE_TRANSLATOR = env.text("MACHINE_TRANSLATOR")
if _MACHINE_TRANSLATOR:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": _MACHINE_TRANSLATOR,
        "OPTIONS": env.prefixed("MACHINE_TRANSLATOR_"),
    }

# The page cache (portal/page_cache.py): anonymous pages kept this long, emptied on publish.
# Off without Redis: a per-process memory cache could not be emptied by the other processes.
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 600 if REDIS_URL else 0, minimum=0)
# The views whose pages are kept, by view name (namespace:url_name).
PAGE_CACHE_VIEWS = {
    "wagtail_serve",
    "sitemap",
    "sitemap_section",
    "media_library_public:index",
    "media_library_public:detail",
    "media_library_public:detail_slug",
}
# Tracking parameters: added to links by newsletters (Mailchimp's mc_*), social networks and ad
# platforms, and read by analytics in the browser; they never change a page. The page cache takes
# them off the request, so they neither make new entries nor reach the page's links. A name, or a
# pattern with `*`. Not `ref` nor `source`: too generic, a view may one day read them.
PAGE_CACHE_IGNORED_PARAMETERS = [
    "utm_*",  # Google Analytics' campaign parameters (utm_source, utm_medium, utm_campaign, ...)
    "_ga",  # Google Analytics' cross-domain linker
    "_gl",  # Google's cross-domain linker (gtag)
    "gclid",  # Google Ads
    "dclid",  # Google Display & Video 360
    "gbraid",  # Google Ads (iOS, app to web)
    "wbraid",  # Google Ads (iOS, web to app)
    "fbclid",  # Facebook
    "igshid",  # Instagram
    "msclkid",  # Microsoft Advertising
    "twclid",  # X (Twitter) ads
    "li_fat_id",  # LinkedIn
    "mc_cid",  # Mailchimp campaign
    "mc_eid",  # Mailchimp subscriber
    "yclid",  # Yandex
    "_hsenc",  # HubSpot
    "_hsmi",  # HubSpot
    "mkt_tok",  # Marketo
]
# Saving or deleting one of these (shown on public pages besides the pages) empties it too, and
# renews what pages work out from the content (resilience/content_cache.py). A view restriction
# makes pages private: none may stay in a cache for everyone.
PAGE_CACHE_PURGED_BY = {
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "home.PortalSettings",
    "news.Topic",
    "media_library.VideoAsset",
    "media_library.DownloadPreset",
}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "subscriptions.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# The password policy (subscriptions/password_validation.py): one validator per rule, applied
# to sign-up, reset, change, createsuperuser and Wagtail's user forms alike.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "subscriptions.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    *(
        {"NAME": f"subscriptions.password_validation.{rule}Validator"}
        for rule in ("NoSpace", "Uppercase", "Lowercase", "Digit", "Symbol")
    ),
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Public accounts: django-allauth's flows by e-mailed code, extended in subscriptions/accounts/.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_ADAPTER = "subscriptions.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "subscriptions.accounts.signup.SignupDetailsForm"
ACCOUNT_FORMS = {
    "login": "subscriptions.accounts.forms.PortalLoginForm",
    "signup": "subscriptions.accounts.forms.PortalSignupForm",
    "reset_password_from_key": "subscriptions.accounts.forms.PortalResetPasswordKeyForm",
    "change_password": "subscriptions.accounts.forms.PortalChangePasswordForm",
    "set_password": "subscriptions.accounts.forms.PortalSetPasswordForm",
    "reset_password": "subscriptions.accounts.forms.CodeResetPasswordForm",
    "confirm_password_reset_code": (
        "subscriptions.accounts.codes.ConfirmPasswordResetCodeSealedForm"
    ),
    "confirm_email_verification_code": (
        "subscriptions.accounts.codes.ConfirmEmailVerificationCodeSealedForm"
    ),
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # by code, before the first log-in (and downloads)
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = 5  # "Send a new code", at most 5 times
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True  # a new address replaces the old one once its code is entered
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # the user logs in with the new password, on their page
ACCOUNT_SESSION_REMEMBER = None  # "keep me logged in" box
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # the current session stays, the others end
ACCOUNT_EMAIL_NOTIFICATIONS = True  # "your password was changed" and the like
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Codes: short, letters only, no vowels nor look-alikes (allauth's RFC 8628 alphabet), "KMT-VRB".
ACCOUNT_CODE_TIMEOUT = env.integer("ACCOUNT_CODE_TIMEOUT", 15 * 60, minimum=60)  # seconds
ACCOUNT_CODE_MAX_ATTEMPTS = env.integer("ACCOUNT_CODE_MAX_ATTEMPTS", 3, minimum=1)
_CODE_FORMAT = {"length": 6, "numeric": False, "dashed": True}
ACCOUNT_PASSWORD_RESET_BY_CODE_CODE_FORMAT = _CODE_FORMAT
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_FORMAT = _CODE_FORMAT
ACCOUNT_PASSWORD_RESET_BY_CODE_TIMEOUT = ACCOUNT_CODE_TIMEOUT
ACCOUNT_PASSWORD_RESET_BY_CODE_MAX_ATTEMPTS = ACCOUNT_CODE_MAX_ATTEMPTS
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = ACCOUNT_CODE_TIMEOUT
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS = ACCOUNT_CODE_MAX_ATTEMPTS
# Rate limits (allauth's, kept in the cache: Redis when REDIS_URL is set). "key" is the e-mail.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    # every reset code e-mailed, the first and each new one: one a minute per address
    "reset_password": "10/m/ip,1/m/key,5/h/key",
    # every reset code typed in (each code also allows ACCOUNT_CODE_MAX_ATTEMPTS wrong ones)
    "confirm_password_reset_code": "20/m/ip,10/15m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/m/key,10/h/key",  # e-mail verification codes sent
    "confirm_email_code": "20/m/ip,10/15m/key",  # and typed in
    # passwords of protected pages and documents (site/restricted_content.py): per client, and
    # per protected item against many clients
    "content_password": "10/m/ip,30/h/ip,200/h/key",
}
LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # private pages ask for the public (throttled) log-in
LOGIN_REDIRECT_URL = "/"

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
# The public language switcher names each language in itself (LANGUAGES); the admin names the
# content's languages in the staff member's language ("Publier en anglais", "French to English").
WAGTAIL_CONTENT_LANGUAGES = [("fr", _("French")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.text("TIME_ZONE", "Europe/Paris")
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env.text("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env.text("MEDIA_URL", "/media/")

AWS_STORAGE_BUCKET_NAME = env.text("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage (AWS, MinIO, Scaleway, OVH...) through django-storages; the
    # access keys are read by boto3 from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.text("AWS_S3_ENDPOINT_URL"),
            "region_name": env.text("AWS_S3_REGION_NAME"),
            "custom_domain": env.text("AWS_S3_CUSTOM_DOMAIN"),
            "querystring_auth": True,
            "querystring_expire": env.integer("AWS_QUERYSTRING_EXPIRE", 3600, minimum=60),
            # Signature V4: the only one of newer AWS regions and most S3-compatible services.
            "signature_version": env.text("AWS_S3_SIGNATURE_VERSION", "s3v4"),
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # a string: Wagtail's file deletion task takes the storage's arguments as JSON
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_TEMP_DIR = env.text("FILE_UPLOAD_TEMP_DIR")  # uploads stream here, not into memory
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail (everything leaves through Anymail) ---------------------------------------------
# ANYMAIL_ESP names an Anymail backend (mailgun, postmark, amazon_ses, brevo, mailjet...);
# every other ANYMAIL_* variable becomes a key of the ANYMAIL setting without its prefix,
# e.g. ANYMAIL_POSTMARK_SERVER_TOKEN or ANYMAIL_WEBHOOK_SECRET. With no ESP the console backend
# prints each message. EMAIL_BACKEND overrides the choice (tests, staging).
ANYMAIL_ESP = env.text("ANYMAIL_ESP")
ANYMAIL = env.prefixed("ANYMAIL_", exclude={"ANYMAIL_ESP"})
EMAIL_BACKEND = env.text(
    "EMAIL_BACKEND",
    f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"
    if ANYMAIL_ESP
    else "anymail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Press office <press@localhost>")
SERVER_EMAIL = env.text("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Newsletter (subscriptions/newsletter) --------------------------------------------------
# Sender of the issues (its display name is translated: common/mail.py); recipients per message
# when the ESP has no batch sending (one connection, many messages); recipients per API call
# with an ESP's batch sending (0: as many as the ESP takes); the time limit of a sending job
# (the scheduler resumes it after); how often a running sending renews its lease (seconds),
# and after how long a lease not renewed belongs to a dead worker (the reconcile pass then
# queues the sending again); how long the ESP may take to list a message it accepted before a
# resumed sending trusts its answer; how long a confirmation link and the links of an issue
# (preferences, unsubscribe) work.
NEWSLETTER_FROM_EMAIL = env.text("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_BATCH_SIZE = env.integer("NEWSLETTER_BATCH_SIZE", 200, minimum=1)
NEWSLETTER_ESP_BATCH_SIZE = env.integer("NEWSLETTER_ESP_BATCH_SIZE", 0, minimum=0)
NEWSLETTER_JOB_TIMEOUT = env.integer("NEWSLETTER_JOB_TIMEOUT", 6 * 3600, minimum=60)
NEWSLETTER_HEARTBEAT_EVERY = env.integer("NEWSLETTER_HEARTBEAT_EVERY", 5, minimum=1)
NEWSLETTER_LEASE_EXPIRES = timedelta(seconds=env.integer("NEWSLETTER_LEASE_EXPIRES", 30, minimum=5))
NEWSLETTER_RECONCILE_SETTLE = timedelta(
    seconds=env.integer("NEWSLETTER_RECONCILE_SETTLE", 10, minimum=0)
)
NEWSLETTER_CONFIRM_MAX_AGE = timedelta(
    seconds=env.integer("NEWSLETTER_CONFIRM_MAX_AGE", 3 * 24 * 3600, minimum=3600)
)
NEWSLETTER_LINK_MAX_AGE = timedelta(
    seconds=env.integer("NEWSLETTER_LINK_MAX_AGE", 400 * 24 * 3600, minimum=24 * 3600)
)

# --- ffmpeg ---------------------------------------------------------------------------------
FFMPEG_BINARY = env.executable("FFMPEG_BINARY", "ffmpeg")
FFPROBE_BINARY = env.executable("FFPROBE_BINARY", "ffprobe")
# Video library: largest upload accepted (bytes; uploads stream to FILE_UPLOAD_TEMP_DIR), the
# x264 speed/quality preset of renditions, and how long a worker may stay silent before its
# work is taken back (seconds).
MEDIA_LIBRARY_MAX_UPLOAD_SIZE = env.integer("MEDIA_MAX_UPLOAD_SIZE", 10 * 1024**3, minimum=1)
MEDIA_LIBRARY_X264_PRESET = env.text("MEDIA_X264_PRESET", "fast")
MEDIA_LIBRARY_ABANDONED_AFTER = env.integer("MEDIA_ABANDONED_AFTER", 120, minimum=10)
# ffmpeg's limits (media_library/encoding): the longest video accepted (seconds; longer uploads
# are refused), the shortest and longest time limit of one run or job (seconds), and the
# folder of the workers' temporary files (system temp when empty).
MEDIA_LIBRARY_MAX_DURATION = env.integer("MEDIA_MAX_DURATION", 4 * 3600, minimum=1)
MEDIA_LIBRARY_MIN_TIME_LIMIT = env.integer("MEDIA_MIN_TIME_LIMIT", 120, minimum=10)
MEDIA_LIBRARY_MAX_JOB_SECONDS = env.integer("MEDIA_MAX_JOB_SECONDS", 8 * 3600, minimum=60)
MEDIA_LIBRARY_WORK_DIR = env.text("MEDIA_WORK_DIR", "")
# Public downloads (media_library/downloads/rules.py, media_library/serving.py): longest
# partial clip (seconds), how long a download link works (seconds), days an unrequested partial
# rendition is kept, and who sends the bytes: "django" (Range-aware, for development) or
# "x-accel" (nginx's X-Accel-Redirect to MEDIA_X_ACCEL_PREFIX + the file's name). With S3
# storage, downloads redirect to signed object-storage URLs whatever this says.
MEDIA_LIBRARY_MAX_CLIP_SECONDS = env.integer("MEDIA_MAX_CLIP_SECONDS", 600, minimum=1)
MEDIA_LIBRARY_LINK_MAX_AGE = env.integer("MEDIA_DOWNLOAD_LINK_MAX_AGE", 24 * 3600, minimum=60)
MEDIA_LIBRARY_PARTIAL_KEEP_DAYS = env.integer("MEDIA_PARTIAL_KEEP_DAYS", 30, minimum=1)
MEDIA_LIBRARY_SERVE_METHOD = env.text("MEDIA_SERVE_METHOD", "django")
if MEDIA_LIBRARY_SERVE_METHOD not in {"django", "x-accel"}:
    raise ImproperlyConfigured("MEDIA_SERVE_METHOD must be django or x-accel.")
MEDIA_LIBRARY_X_ACCEL_PREFIX = env.text("MEDIA_X_ACCEL_PREFIX", "/protected-media/")
# New (not yet made) clips one account may ask for per hour; asking again for one that exists
# is free. And who may download: unset, an active account with a confirmed e-mail address
# (media_library/downloads/rules.py); or the dotted path of a function(user) -> bool.
MEDIA_LIBRARY_NEW_RENDITIONS_PER_HOUR = env.integer("MEDIA_NEW_RENDITIONS_PER_HOUR", 30, minimum=0)
MEDIA_LIBRARY_CAN_DOWNLOAD = env.text("MEDIA_CAN_DOWNLOAD")
# The vocabulary videos are filed under, shared with the press releases (as AUTH_USER_MODEL names
# the user model): "app_label.ModelName" of a translatable model with `name` and `slug` fields.
# media_library reads it (media_library/topics.py) and imports no other app; changing it after
# the first migration means migrating the video topic links by hand.
MEDIA_LIBRARY_TOPIC_MODEL = "news.Topic"

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.text("WAGTAIL_SITE_NAME") or _("Media portal")  # the admin's title
# The address in e-mail links and the admin's messages; on one machine, the web process's port.
WAGTAILADMIN_BASE_URL = env.text(
    "PORTAL_BASE_URL", f"http://127.0.0.1:{env.integer('WEB_PORT', 8000, minimum=1)}"
)
# Search in each language (common/search_backend.py): on PostgreSQL every language version is
# indexed and searched with its language's text search configuration (stemming, stop words:
# "communiqués" finds "communiqué"); text without a language with SEARCH_CONFIG. SQLite: whole
# words as typed.
# After changing LANGUAGE_CONFIGS, run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "common.search_backend",
        "SEARCH_CONFIG": "simple",
        "LANGUAGE_CONFIGS": {"fr": "french", "en": "english"},
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Staff use the public's rules (subscriptions/accounts/staff.py): the log-in form counts attempts
# with ACCOUNT_RATE_LIMITS, and "Forgotten password?" leads to the reset by e-mailed code (every
# /admin/password_reset/ address redirects there; Wagtail's 3-day links are never sent).
WAGTAILADMIN_USER_LOGIN_FORM = "subscriptions.accounts.staff.StaffLoginForm"
WAGTAIL_PASSWORD_RESET_ENABLED = True
# The admin asks nothing of other servers: no Gravatar pictures (they would send a hash of each
# staff e-mail address out, and show broken images on an intranet) unless ADMIN_AVATAR_URL names
# a provider, no check for new Wagtail releases, no "what's new in Wagtail" banner.
WAGTAIL_GRAVATAR_PROVIDER_URL = env.text("ADMIN_AVATAR_URL")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Time zones staff may choose in their account: all but "localtime", an alias some systems add
# that browsers do not know (the account page's script failed on it).
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})

PORTAL_NAME = _("Media portal")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
