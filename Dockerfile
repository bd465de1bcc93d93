# One image for the web, the Celery worker and Celery beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=casemgr.settings.production \
    CASEMGR_VAR_DIR=/app/var

# gettext compiles the translations; pango, HarfBuzz and the fonts are for the PDF exports (WeasyPrint);
# nothing else is needed at run time (psycopg ships its own libpq).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-dejavu-core fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin casemgr \
    && mkdir -p /app/var/evidence /app/var/audit \
    && chown casemgr:casemgr /app /app/var /app/var/evidence /app/var/audit
COPY --chown=casemgr:casemgr . .
USER casemgr

# Production settings refuse to load without their secrets; these build-only values exist for this one
# step (static files and translations need the settings, never the database) and are not kept in the image.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    CASEMGR_EVIDENCE_KEYS=build-only:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    CASEMGR_AUDIT_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    sh -c 'python manage.py collectstatic --noinput --verbosity 0 \
    && if [ -d locale ]; then python manage.py compilemessages --verbosity 0; fi'

EXPOSE 8000
CMD ["gunicorn", "casemgr.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--limit-request-line", "8190", "--limit-request-fields", "100", "--limit-request-field_size", "8190", \
     "--access-logfile", "-", "--no-control-socket"]
