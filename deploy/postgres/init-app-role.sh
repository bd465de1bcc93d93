#!/bin/sh
# Run once by the postgres image when it initialises an empty data directory
# (/docker-entrypoint-initdb.d): creates the application's role, casemgr_app (app-role.sql).
# An existing database: run app-role.sql by hand, as README "Database roles" says.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set=app_role=casemgr_app --set=app_password="$POSTGRES_APP_PASSWORD" --set=owner_role="$POSTGRES_USER" \
    -f /etc/casemgr/app-role.sql
