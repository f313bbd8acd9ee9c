# Entraide — image for the web, worker and beat services of docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=entraide.settings

# WeasyPrint's libraries, fonts, gettext to compile the catalogues, and pg_dump/pg_restore
# (Debian bookworm's client is PostgreSQL 15, the server's version) for `manage.py backup`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 entraide
WORKDIR /app

COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
 && DEBUG=1 python manage.py compilemessages -v 0 \
 && DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v 0 \
 && mkdir -p /app/var/media && chown -R entraide:entraide /app/var

USER entraide
EXPOSE 8000
CMD ["gunicorn", "entraide.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
