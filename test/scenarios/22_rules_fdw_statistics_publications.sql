-- scenario: rewrite rules (on tables and views, disabled, commented), foreign data wrappers without a handler, servers, user mappings, foreign tables (column options, collation, defaults), extended statistics (kinds, expressions, target), publications (column lists, row filters, TABLES IN SCHEMA, FOR ALL TABLES, publish options), column compression and storage, REPLICA IDENTITY
-- requires: superuser

CREATE SCHEMA ops;

CREATE TYPE ops.level AS ENUM ('low', 'high');

CREATE TABLE ops.events (
    id       integer PRIMARY KEY,
    kind     text NOT NULL,
    level    ops.level,
    amount   numeric,
    body     text COMPRESSION pglz,
    note     text,
    created  date
);
ALTER TABLE ops.events ALTER COLUMN note SET STORAGE EXTERNAL;
ALTER TABLE ops.events ALTER COLUMN amount SET STORAGE EXTENDED;

CREATE TABLE ops.events_log (
    id         integer,
    kind       text,
    logged_at  timestamptz DEFAULT now()
);
ALTER TABLE ops.events_log REPLICA IDENTITY FULL;

CREATE TABLE ops.archive (
    id    integer NOT NULL,
    kind  text
);
CREATE UNIQUE INDEX archive_id_idx ON ops.archive (id) WITH (fillfactor = 60);
ALTER TABLE ops.archive REPLICA IDENTITY USING INDEX archive_id_idx;

-- Rules: DO ALSO on a table, DO INSTEAD NOTHING (disabled), DO INSTEAD on a view.
CREATE RULE events_log_insert AS ON INSERT TO ops.events
    DO ALSO INSERT INTO ops.events_log (id, kind) VALUES (new.id, new.kind);
COMMENT ON RULE events_log_insert ON ops.events IS 'audit every insert';
CREATE RULE archive_no_delete AS ON DELETE TO ops.archive DO INSTEAD NOTHING;
ALTER TABLE ops.archive DISABLE RULE archive_no_delete;
CREATE VIEW ops.high_events AS SELECT id, kind FROM ops.events WHERE level = 'high';
CREATE RULE high_events_insert AS ON INSERT TO ops.high_events
    DO INSTEAD INSERT INTO ops.events (id, kind, level) VALUES (new.id, new.kind, 'high');

-- Extended statistics: chosen kinds, all kinds, a single expression, columns with an expression, a target.
CREATE STATISTICS ops.events_kind_level (ndistinct, dependencies) ON kind, level FROM ops.events;
CREATE STATISTICS ops.events_all ON kind, created FROM ops.events;
CREATE STATISTICS ops.events_lower_kind ON (lower(kind)) FROM ops.events;
CREATE STATISTICS ops.events_mixed (mcv) ON kind, (created + 1) FROM ops.events;
ALTER STATISTICS ops.events_all SET STATISTICS 500;
COMMENT ON STATISTICS ops.events_kind_level IS 'planner hints';

-- Foreign data: a wrapper without handler or validator, a server, a user mapping, a foreign table.
CREATE FOREIGN DATA WRAPPER dummy_fdw OPTIONS (debug 'true');
COMMENT ON FOREIGN DATA WRAPPER dummy_fdw IS 'no handler: nothing can be read through it';
CREATE SERVER remote_ops TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER dummy_fdw
    OPTIONS (host 'db.internal', port '5432');
COMMENT ON SERVER remote_ops IS 'the old system';
CREATE USER MAPPING FOR PUBLIC SERVER remote_ops;
CREATE FOREIGN TABLE ops.remote_events (
    id     integer OPTIONS (column_name 'event_id') NOT NULL,
    kind   text COLLATE "C",
    level  ops.level,
    seen   boolean DEFAULT false
) SERVER remote_ops OPTIONS (schema_name 'public', table_name 'events');
COMMENT ON FOREIGN TABLE ops.remote_events IS 'events of the old system';
COMMENT ON COLUMN ops.remote_events.kind IS 'kind code';
CREATE VIEW ops.all_events AS
    SELECT id, kind FROM ops.events
    UNION ALL
    SELECT id, kind FROM ops.remote_events;

-- Publications: column list and row filter, TABLES IN SCHEMA, FOR ALL TABLES, an empty one.
CREATE PUBLICATION ops_changes
    FOR TABLE ops.events (id, kind, level) WHERE (kind <> 'test' AND id > 0), TABLE ops.archive
    WITH (publish = 'insert, update');
COMMENT ON PUBLICATION ops_changes IS 'to the reporting replica';
CREATE PUBLICATION ops_schema FOR TABLES IN SCHEMA ops WITH (publish_via_partition_root = true);
CREATE PUBLICATION everything FOR ALL TABLES;
CREATE PUBLICATION empty_pub;
