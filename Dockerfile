# syntax=docker/dockerfile:1
# The application image: web (gunicorn), Celery worker and beat, and the one-shot migrate service all run it.
# Build: docker compose build   (or: docker build -t procuracy:latest .)

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The intranet build host usually reaches PyPI only through a mirror: docker compose passes PIP_INDEX_URL.
ARG PIP_INDEX_URL=https://pypi.org/simple

# Every runtime dependency ships as a wheel for this platform, so no compiler is installed.
COPY requirements.txt /tmp/requirements.txt
RUN pip install --index-url "$PIP_INDEX_URL" --requirement /tmp/requirements.txt && rm /tmp/requirements.txt

# An unprivileged user owns only the directories the application writes; the code stays root's, read-only.
RUN groupadd --system --gid 10001 procuracy \
    && useradd --system --uid 10001 --gid procuracy --home-dir /var/lib/procuracy --shell /usr/sbin/nologin procuracy \
    && install --directory --owner procuracy --group procuracy --mode 0750 /var/lib/procuracy \
    && install --directory --owner procuracy --group procuracy --mode 0755 /srv/media /srv/static

WORKDIR /app
COPY . /app
# Compiled now, because the unprivileged user cannot write __pycache__ next to root's code.
RUN python -m compileall -q /app

ENV DJANGO_PROFILE=production \
    PROCURACY_VAR_DIR=/var/lib/procuracy \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/srv/media

# Static files are collected once, here, so every container of this image links the same hashed names. The key
# is thrown away with the build; the running services take theirs from .env.
RUN DJANGO_SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    PROCURACY_VAR_DIR=/tmp/build-var \
    python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var

USER procuracy:procuracy
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "procuracy.wsgi:application"]
