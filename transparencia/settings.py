"""Configuración única del proyecto, leída del entorno con django-environ.

Sin ninguna variable de entorno el proyecto corre en modo demostración: SQLite en var/,
Celery en modo eager y correos escritos como archivos en var/correo/. Con DEBUG=False se
exige la configuración de producción completa y cualquier valor ausente o mal formado
detiene el arranque con un mensaje claro (nunca en la primera petición).
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
errores: list[str] = []

_VERDADEROS = {"1", "true", "yes", "si", "sí", "on"}
_FALSOS = {"0", "false", "no", "off"}


def _booleano(nombre: str, defecto: bool) -> bool:
    """Lee un booleano estricto: un valor que no se reconoce es un error, no un False."""
    crudo = env.str(nombre, default=None)
    if crudo is None:
        return defecto
    valor = crudo.strip().lower()
    if valor in _VERDADEROS:
        return True
    if valor in _FALSOS:
        return False
    errores.append(f"{nombre}={crudo!r} no es un valor booleano válido (use true o false).")
    return defecto


def _entero(nombre: str, defecto: int, minimo: int = 0) -> int:
    crudo = env.str(nombre, default=None)
    if crudo is None:
        return defecto
    try:
        valor = int(crudo)
    except ValueError:
        errores.append(f"{nombre}={crudo!r} no es un número entero.")
        return defecto
    if valor < minimo:
        errores.append(f"{nombre} debe ser mayor o igual que {minimo}.")
        return defecto
    return valor


def _url(nombre: str, esquemas: set[str]) -> str | None:
    crudo = env.str(nombre, default=None)
    if crudo is None or not crudo.strip():
        return None
    partes = urlsplit(crudo)
    if partes.scheme not in esquemas:
        permitidos = ", ".join(sorted(esquemas))
        # Sólo se repite el esquema: la URL puede llevar una contraseña que no debe ir a bitácoras.
        errores.append(
            f"{nombre} debe ser una URL con esquema {permitidos}; se recibió el esquema "
            f"{partes.scheme or '(ninguno)'!r}."
        )
        return None
    try:
        _ = partes.port  # urlsplit sólo revisa el puerto al pedirlo
    except ValueError:
        errores.append(f"{nombre} tiene un puerto que no es un número entre 0 y 65535.")
        return None
    return crudo


DEBUG = _booleano("DEBUG", True)
PRODUCCION = not DEBUG

# --- Seguridad -------------------------------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCCION:
        errores.append("Falta SECRET_KEY: es obligatoria con DEBUG=False.")
    SECRET_KEY = "desarrollo-inseguro-no-usar-en-produccion-" + "x" * 20
elif PRODUCCION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    errores.append("SECRET_KEY es demasiado corta: use al menos 50 caracteres aleatorios.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if PRODUCCION:
        errores.append("Falta ALLOWED_HOSTS: lista separada por comas de los dominios del sitio.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Base de datos ---------------------------------------------------------------------
DATABASE_URL = _url("DATABASE_URL", {"postgres", "postgresql", "sqlite"})
if DATABASE_URL:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("CONN_MAX_AGE", _entero("CONN_MAX_AGE", 60))
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    elif PRODUCCION:
        errores.append("DATABASE_URL debe apuntar a PostgreSQL en producción.")
else:
    if PRODUCCION and env.str("DATABASE_URL", default=None) is None:
        errores.append("Falta DATABASE_URL (postgres://usuario:clave@servidor:5432/base).")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "transparencia.sqlite3",
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Celery ----------------------------------------------------------------------------
CELERY_BROKER_URL = _url("CELERY_BROKER_URL", {"redis", "rediss", "amqp", "amqps"})
if PRODUCCION and not CELERY_BROKER_URL and env.str("CELERY_BROKER_URL", default=None) is None:
    errores.append("Falta CELERY_BROKER_URL (redis://servidor:6379/0).")
# Sin broker las tareas corren en el mismo proceso: la demo y las pruebas no necesitan worker.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
# Nadie lee el resultado de una tarea (lo que hacen queda en la base): sin backend de
# resultados la web no depende de él. Se puede configurar para diagnóstico.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TIMEZONE = "America/Mexico_City"
# Un mensaje se confirma al terminar su tarea: si el worker muere, el broker lo devuelve.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis devuelve un mensaje no confirmado pasada esta hora; por eso ninguna tarea dura más
# (límites de abajo) ni ningún reintento espera más (reportes/tasks.py): si no, el mensaje
# volvería a la cola mientras un worker todavía lo tiene y se ejecutaría dos veces.
VISIBILIDAD_SEGUNDOS = 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": VISIBILIDAD_SEGUNDOS}
# Toda tarea tiene un tiempo máximo: al llegar al primero recibe SoftTimeLimitExceeded (y
# puede dejar su fila en un estado legible); al segundo, Celery mata el proceso.
CELERY_TASK_SOFT_TIME_LIMIT = 15 * 60
CELERY_TASK_TIME_LIMIT = 16 * 60
# La generación de un reporte tarda segundos; la que pase de esto se corta y el rescate la
# da por abandonada poco después (reportes/tasks.py).
REPORTE_SEGUNDOS = _entero("REPORTE_SEGUNDOS", 180, minimo=10)
# Un proceso del worker se reemplaza tras tantas tareas o al pasar de tanta memoria (KiB, al
# terminar su tarea): WeasyPrint y las importaciones grandes no acumulan memoria.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 100
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 1024 * 1024
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Correo ----------------------------------------------------------------------------
EMAIL_URL = _url("EMAIL_URL", {"smtp", "smtps", "smtp+tls", "smtp+ssl", "consolemail"})
# Un servidor de correo que acepta la conexión y nunca contesta no debe colgar un envío: cada
# operación del SMTP espera a lo más este tiempo (`?timeout=` en EMAIL_URL, en segundos).
EMAIL_TIMEOUT: float = 20
if EMAIL_URL:
    _correo = env.email_url_config(EMAIL_URL)
    _opciones = {clave.lower(): valor for clave, valor in _correo.pop("OPTIONS", {}).items()}
    vars().update(_correo)
    try:
        _segundos = float(_opciones.pop("timeout", EMAIL_TIMEOUT))
    except ValueError:
        _segundos = 0
    if _segundos > 0:
        EMAIL_TIMEOUT = _segundos
    else:
        errores.append("EMAIL_URL: timeout debe ser un número de segundos mayor que cero.")
    if _opciones:
        errores.append(
            f"EMAIL_URL trae opciones que no se reconocen: {', '.join(sorted(_opciones))} "
            "(la única opción es timeout)."
        )
else:
    if PRODUCCION and env.str("EMAIL_URL", default=None) is None:
        errores.append("Falta EMAIL_URL (smtp+tls://usuario:clave@servidor:587).")
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "correo"
# Dirección pública del sitio: con ella se arman los enlaces de los correos (invitaciones,
# restablecer contraseña, reportes), que se envían desde los workers, sin petición a mano.
SITIO_URL = _url("SITIO_URL", {"http", "https"}) or "http://127.0.0.1:8000"
if PRODUCCION and env.str("SITIO_URL", default=None) is None:
    errores.append("Falta SITIO_URL (https://transparencia.ejemplo.gob.mx).")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Transparencia <no-responder@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Archivos --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
if not PRODUCCION:
    # WhiteNoise avisa si no existe; en desarrollo sirve desde STATICFILES_DIRS.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Los archivos subidos nunca se sirven por una URL pública: sólo por vistas que verifican
# ayuntamiento y rol. Por eso no hay MEDIA_URL montada en urls.py.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "archivos")))
MEDIA_URL = "/archivos/"
TAMANO_MAXIMO_ARCHIVO_MB = _entero("TAMANO_MAXIMO_ARCHIVO_MB", 20, minimo=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCCION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Aplicaciones ----------------------------------------------------------------------
INSTALLED_APPS = [
    "transparencia.admin.TransparenciaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "import_export",
    "axes",
    "organizacion",
    "solicitudes",
    "capacitacion",
    "autoevaluacion",
    "poa",
    "reportes",
    "documentos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "organizacion.middleware.AyuntamientoMiddleware",
    # Al final, como pide django-axes: atiende la respuesta de bloqueo.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "transparencia.urls"
WSGI_APPLICATION = "transparencia.wsgi.application"

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
                "organizacion.context_processors.navegacion",
            ],
        },
    }
]

# --- Usuarios --------------------------------------------------------------------------
AUTH_USER_MODEL = "organizacion.Usuario"
# Una liga capturada sin esquema («ogaipo.mx/acuerdo») se entiende como https (el
# comportamiento de Django 6).
FORMS_URLFIELD_ASSUME_HTTPS = True

# Política de seguridad de contenido: sólo scripts servidos por este sitio, nunca en línea
# (Bootstrap, htmx y Chart.js están en static/). Los estilos en línea se permiten porque
# Bootstrap y htmx los insertan; no ejecutan código.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Contra adivinar contraseñas (django-axes, organizacion/acceso.py): cinco fallos de un mismo
# correo (sin distinguir mayúsculas) desde una misma dirección bloquean ese par quince minutos,
# y INTENTOS_POR_DIRECCION fallos desde una dirección, con cualquier correo, la bloquean. Un
# éxito reinicia la cuenta. Detrás de PROXIES_DE_CONFIANZA proxies (nginx, Caddy…) la dirección
# es la del cliente real, tomada de X-Forwarded-For; sin proxy, la de la conexión.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "organizacion.acceso.ManejadorDeIntentos"
AXES_USERNAME_CALLABLE = "organizacion.acceso.correo_normalizado"
AXES_CLIENT_IP_CALLABLE = "organizacion.acceso.ip_del_cliente"
PROXIES_DE_CONFIANZA = _entero("PROXIES_DE_CONFIANZA", 0)
INTENTOS_POR_DIRECCION = _entero("INTENTOS_POR_DIRECCION", 30, minimo=AXES_FAILURE_LIMIT)
# El formulario de entrada llama «username» al correo (USERNAME_FIELD es «email»).
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/bloqueado.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "organizacion:inicio"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Idioma y zona horaria -------------------------------------------------------------
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

# --- Producción: cookies seguras, HSTS, proxy ------------------------------------------
if PRODUCCION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _booleano("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _entero("SECURE_HSTS_SECONDS", 31536000, minimo=1)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# Una jornada de trabajo, no dos semanas: el sistema guarda datos personales. La sesión
# termina a las SESION_HORAS de iniciada o al cerrar el navegador, lo que ocurra primero.
SESSION_COOKIE_AGE = _entero("SESION_HORAS", 9, minimo=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"consola": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["consola"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narra cada paso de cada PDF y fontTools cada fuente: sólo sus avisos.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes anuncia cada intento; los bloqueos (WARNING) sí quedan en la bitácora.
        "axes": {"level": "WARNING"},
    },
}

# Zona horaria por omisión de los ayuntamientos nuevos; cada uno puede fijar la suya.
ZONA_HORARIA_POR_OMISION = env.str("ZONA_HORARIA_POR_OMISION", default=TIME_ZONE)
try:
    ZoneInfo(ZONA_HORARIA_POR_OMISION)
except (ZoneInfoNotFoundError, ValueError):
    errores.append(f"ZONA_HORARIA_POR_OMISION={ZONA_HORARIA_POR_OMISION!r} no es una zona válida.")

if errores:
    raise ImproperlyConfigured(
        "La configuración del entorno no es válida:\n- " + "\n- ".join(errores)
    )
