# What the database itself refuses, whatever the application does (PostgreSQL; README "Security"):
#
# - changing a row's content. An UPDATE may only link an unlinked row into the chain (set seq, prev_hash
#   and hash, once) or erase its erasable texts (reason, source, user_agent to "", with redacted_at);
# - deleting rows, except the rows before `casemgr.audit_trim_before`, a setting audit.redaction sets
#   for one transaction when trimming (and only the tables' owner may DELETE at all, below);
# - TRUNCATE, which row triggers never see, unless the connection was opened with
#   `casemgr.audit_allow_truncate=on`: only the test settings do, to empty tables between tests;
# - DELETE and TRUNCATE for every role but the tables' owner (the application's role must not own them).

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$
DECLARE
    trim_before bigint := COALESCE(NULLIF(current_setting('casemgr.audit_trim_before', true), '')::bigint, 0);
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.seq IS NOT NULL AND OLD.seq < trim_before THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_auditentry is append-only: DELETE refused';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at
            OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.action IS DISTINCT FROM OLD.action
            OR NEW.outcome IS DISTINCT FROM OLD.outcome OR NEW.case_id IS DISTINCT FROM OLD.case_id
            OR NEW.target IS DISTINCT FROM OLD.target OR NEW.detail IS DISTINCT FROM OLD.detail
            OR NEW.digests IS DISTINCT FROM OLD.digests THEN
        RAISE EXCEPTION 'audit_auditentry is append-only: UPDATE of a row''s content refused';
    END IF;
    -- The link is given once, whole: an unlinked row gets seq, prev_hash and hash together; a linked
    -- row keeps them.
    IF (OLD.seq IS NOT NULL OR OLD.hash IS NOT NULL OR NEW.seq IS NULL OR NEW.hash IS NULL)
            AND (NEW.seq IS DISTINCT FROM OLD.seq OR NEW.hash IS DISTINCT FROM OLD.hash
                 OR NEW.prev_hash IS DISTINCT FROM OLD.prev_hash) THEN
        RAISE EXCEPTION 'audit_auditentry is append-only: UPDATE of a row''s link refused';
    END IF;
    -- Erasable texts may only be erased, and only with the time of the erasure.
    IF (NEW.reason IS DISTINCT FROM OLD.reason AND NEW.reason <> '')
            OR (NEW.source IS DISTINCT FROM OLD.source AND NEW.source <> '')
            OR (NEW.user_agent IS DISTINCT FROM OLD.user_agent AND NEW.user_agent <> '')
            OR (NEW.redacted_at IS NULL AND (OLD.redacted_at IS NOT NULL OR NEW.reason IS DISTINCT FROM OLD.reason
                OR NEW.source IS DISTINCT FROM OLD.source OR NEW.user_agent IS DISTINCT FROM OLD.user_agent)) THEN
        RAISE EXCEPTION 'audit_auditentry is append-only: texts may only be erased';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_entry_case_refuse_change() RETURNS trigger AS $$
DECLARE
    trim_before bigint := COALESCE(NULLIF(current_setting('casemgr.audit_trim_before', true), '')::bigint, 0);
BEGIN
    IF TG_OP = 'DELETE' AND trim_before > 0
            AND (SELECT seq FROM audit_auditentry WHERE id = OLD.entry_id) < trim_before THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditentrycase is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('casemgr.audit_allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
CREATE TRIGGER audit_entry_case_no_update BEFORE UPDATE ON audit_auditentrycase
    FOR EACH ROW EXECUTE FUNCTION audit_entry_case_refuse_change();
CREATE TRIGGER audit_entry_case_no_delete BEFORE DELETE ON audit_auditentrycase
    FOR EACH ROW EXECUTE FUNCTION audit_entry_case_refuse_change();
CREATE TRIGGER audit_entry_case_no_truncate BEFORE TRUNCATE ON audit_auditentrycase
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
"""

REVOKE = r"""
-- Nobody but the owner may delete or empty the trail, whatever was granted before (e.g. by default
-- privileges for the application's role, deploy/postgres/app-role.sql).
DO $$
DECLARE
    grant_row record;
BEGIN
    FOR grant_row IN
        SELECT DISTINCT c.relname, acl.grantee
        FROM pg_class c, aclexplode(c.relacl) acl
        WHERE c.oid IN ('audit_auditentry'::regclass, 'audit_auditentrycase'::regclass)
          AND acl.privilege_type IN ('DELETE', 'TRUNCATE') AND acl.grantee <> c.relowner
    LOOP
        IF grant_row.grantee = 0 THEN
            EXECUTE format('REVOKE DELETE, TRUNCATE ON %I FROM PUBLIC', grant_row.relname);
        ELSE
            EXECUTE format('REVOKE DELETE, TRUNCATE ON %I FROM %I', grant_row.relname, grant_row.grantee::regrole::text);
        END IF;
    END LOOP;
END;
$$;
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_case_no_update ON audit_auditentrycase;
DROP TRIGGER IF EXISTS audit_entry_case_no_delete ON audit_auditentrycase;
DROP TRIGGER IF EXISTS audit_entry_case_no_truncate ON audit_auditentrycase;
DROP FUNCTION IF EXISTS audit_refuse_truncate();
DROP FUNCTION IF EXISTS audit_entry_case_refuse_change();
CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def _run(schema_editor, sql):  # type: ignore[no-untyped-def]
    # Without parameters, so that the % of PL/pgSQL's RAISE and format() reach the server as written.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, CREATE)
    _run(schema_editor, REVOKE)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_remove_actor_username")]
    operations = [migrations.RunPython(forwards, backwards)]
