-- scenario: event triggers (ddl_command_start with WHEN TAG IN, ddl_command_end, sql_drop, table_rewrite; disabled, ENABLE ALWAYS, ENABLE REPLICA; comments) plus other superuser-only attributes (LEAKPROOF functions)
-- requires: superuser

CREATE SCHEMA evt;

CREATE TABLE evt.ddl_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event     text NOT NULL,
    tag       text NOT NULL,
    object    text,
    logged_at timestamp with time zone NOT NULL DEFAULT now()
);

-- Event trigger functions. They only act when the (unset by default) setting sg.ddl_guard is 'on',
-- so loading further DDL after this file is unaffected.
CREATE FUNCTION evt.guard_ddl() RETURNS event_trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF current_setting('sg.ddl_guard', true) = 'on' THEN
        RAISE EXCEPTION 'DDL command % is blocked', tg_tag;
    END IF;
END
$$;

CREATE FUNCTION evt.log_ddl_end() RETURNS event_trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    r record;
BEGIN
    IF current_setting('sg.ddl_guard', true) = 'on' THEN
        FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
            INSERT INTO evt.ddl_log (event, tag, object) VALUES (tg_event, tg_tag, r.object_identity);
        END LOOP;
    END IF;
END
$$;

CREATE FUNCTION evt.log_drop() RETURNS event_trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    r record;
BEGIN
    IF current_setting('sg.ddl_guard', true) = 'on' THEN
        FOR r IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
            INSERT INTO evt.ddl_log (event, tag, object) VALUES (tg_event, tg_tag, r.object_identity);
        END LOOP;
    END IF;
END
$$;

CREATE FUNCTION evt.log_rewrite() RETURNS event_trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF current_setting('sg.ddl_guard', true) = 'on' THEN
        INSERT INTO evt.ddl_log (event, tag, object)
        VALUES (tg_event, tg_tag, pg_event_trigger_table_rewrite_oid()::regclass::text);
    END IF;
END
$$;

CREATE EVENT TRIGGER sg_guard_ddl ON ddl_command_start
    WHEN TAG IN ('DROP TABLE', 'DROP SCHEMA', 'ALTER TABLE')
    EXECUTE FUNCTION evt.guard_ddl();

CREATE EVENT TRIGGER sg_log_ddl_end ON ddl_command_end
    EXECUTE FUNCTION evt.log_ddl_end();

CREATE EVENT TRIGGER sg_log_drop ON sql_drop
    WHEN TAG IN ('DROP TABLE')
    EXECUTE PROCEDURE evt.log_drop();

CREATE EVENT TRIGGER "SG Rewrite Logger" ON table_rewrite
    EXECUTE FUNCTION evt.log_rewrite();

-- Firing states.
ALTER EVENT TRIGGER "SG Rewrite Logger" DISABLE;
ALTER EVENT TRIGGER sg_log_drop ENABLE ALWAYS;
ALTER EVENT TRIGGER sg_log_ddl_end ENABLE REPLICA;

COMMENT ON EVENT TRIGGER sg_guard_ddl IS 'Blocks destructive DDL when sg.ddl_guard = on';
COMMENT ON EVENT TRIGGER "SG Rewrite Logger" IS 'Disabled rewrite logger';

-- LEAKPROOF can only be set by a superuser.
CREATE FUNCTION evt.safe_eq(a integer, b integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS $$ SELECT a = b $$;
CREATE FUNCTION evt.safe_lower(s text) RETURNS text
    LANGUAGE sql IMMUTABLE LEAKPROOF
    RETURN lower(s);
COMMENT ON FUNCTION evt.safe_eq(integer, integer) IS 'leakproof equality';
