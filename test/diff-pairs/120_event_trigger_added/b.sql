CREATE SCHEMA evt;

CREATE TABLE evt.ddl_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tag text NOT NULL,
    logged_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION evt.log_ddl() RETURNS event_trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO evt.ddl_log (tag) VALUES (tg_tag); END $$;

CREATE FUNCTION evt.note_drop() RETURNS event_trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE NOTICE 'dropped something'; END $$;

CREATE EVENT TRIGGER sg_pair_block_drop ON sql_drop
    EXECUTE FUNCTION evt.note_drop();
ALTER EVENT TRIGGER sg_pair_block_drop DISABLE;

CREATE EVENT TRIGGER sg_pair_log_ddl ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION evt.log_ddl();
