-- The application's own database role. docker-compose.yml runs web, worker and beat as this role and
-- only the one-off migration as the tables' owner (POSTGRES_USER); see README "Security", "Database
-- roles". The role may read and write rows and nothing else: it owns no table (an owner can switch
-- the audit triggers off, alter or drop the tables), is no superuser, cannot create objects, and may
-- not DELETE or TRUNCATE the audit trail (the audit migrations revoke that too, from every role but
-- the owner, for the tables they create).
--
-- psql variables: app_role, app_password, owner_role (the role that runs the migrations). Run as the
-- owner or a superuser, in the application's database:
--   psql -v ON_ERROR_STOP=1 --set=app_role=casemgr_app --set=app_password=... --set=owner_role=casemgr \
--        -d casemgr -f deploy/postgres/app-role.sql

CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT CONNECT ON DATABASE :"DBNAME" TO :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Rows of the tables there are now, and of every table the owner's migrations create later.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

-- Never remove audit rows (only trimming does, run as the owner: `manage.py audit_trim`).
SELECT format('REVOKE DELETE, TRUNCATE ON %I FROM %I', audit_table, :'app_role')
FROM unnest(ARRAY['audit_auditentry', 'audit_auditentrycase']) AS audit_table
WHERE to_regclass(audit_table) IS NOT NULL
\gexec
