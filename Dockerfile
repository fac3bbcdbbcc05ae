# syntax=docker/dockerfile:1
# Imagen única de Transparencia: la usan los servicios web (gunicorn), worker y beat (Celery)
# y el servicio de migraciones de docker-compose.yml. Ver docs/despliegue.md.

# --- Base: Python, las bibliotecas de sistema que WeasyPrint necesita en tiempo de ejecución
# (con las fuentes DejaVu que los PDF incrustan, las cursivas incluidas: fonts-dejavu-extra;
# sin ellas Pango inclina la redonda y el PDF de la imagen difiere del de desarrollo) y el cliente de PostgreSQL para las órdenes respaldar y restaurar (pg_dump, pg_restore)
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# pg_dump se niega a respaldar un servidor de versión mayor más nueva que él, y bookworm sólo
# trae el cliente 15: el 16, igual al servicio db (postgres:16), viene del repositorio de
# PostgreSQL (apt.postgresql.org), que se da de alta con el guion y la llave firmada que trae
# el paquete postgresql-common de Debian. Si db sube de versión, súbase también aquí.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-dejavu-extra \
        ca-certificates \
        postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# --- Construcción: dependencias fijadas por uv.lock y archivos estáticos ---------------------
FROM base AS construccion

ENV UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy

RUN pip install uv==0.13.9

# Primero sólo el manifiesto y el candado: esta capa se reutiliza mientras no cambien.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project --python /usr/local/bin/python3

COPY . .

# collectstatic se corre con DEBUG=False para que genere el manifiesto de whitenoise
# (CompressedManifestStaticFilesStorage), que es el que se usa en producción: con DEBUG=true
# se usaría el almacenamiento sin manifiesto y toda página fallaría al arrancar sin DEBUG.
# Las variables obligatorias se definen sólo para este RUN, con valores de relleno: no quedan
# en la imagen (no hay ENV ni ARG), la clave se genera al azar en cada construcción y ningún
# valor real de producción pasa por aquí. collectstatic no se conecta a la base ni al broker.
ENV STATIC_ROOT=/app/estaticos
RUN DEBUG=False \
    SECRET_KEY="$(/app/.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    ALLOWED_HOSTS=construccion.invalid \
    DATABASE_URL=postgres://construccion@127.0.0.1:5432/construccion \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
    EMAIL_URL=consolemail:// \
    SITIO_URL=https://construccion.invalid \
    /app/.venv/bin/python manage.py collectstatic --noinput

# --- Imagen final: sin uv ni cachés de construcción, y sin privilegios de root -------------
FROM base AS final

RUN groupadd --system --gid 10001 transparencia \
    && useradd --system --uid 10001 --gid transparencia --create-home \
        --home-dir /home/transparencia --shell /usr/sbin/nologin transparencia \
    && mkdir -p /datos/archivos \
    && chown transparencia:transparencia /datos/archivos

# El código y el entorno pertenecen a root: el proceso sólo puede escribir en MEDIA_ROOT.
COPY --from=construccion /app /app

# STATIC_ROOT debe coincidir con la ruta donde se corrió collectstatic; MEDIA_ROOT es donde
# docker-compose.yml monta el volumen de archivos. WEB_CONCURRENCY es el número de procesos
# de gunicorn (2 por omisión; se cambia en .env, ver docs/escalamiento.md).
ENV PATH="/app/.venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=transparencia.settings \
    STATIC_ROOT=/app/estaticos \
    MEDIA_ROOT=/datos/archivos \
    WEB_CONCURRENCY=2

USER transparencia

EXPOSE 8000

# gunicorn toma el número de procesos de WEB_CONCURRENCY y lo demás (dirección, bitácora de
# accesos sin cadenas de consulta) de transparencia/gunicorn.py. Los servicios worker y beat
# de docker-compose.yml reemplazan esta orden por la de Celery.
CMD ["gunicorn", "-c", "python:transparencia.gunicorn", "transparencia.wsgi:application"]
