-- scenario: physical/storage attributes beyond the core list: table and TOAST reloptions, column STORAGE / COMPRESSION / STATISTICS / attribute options, REPLICA IDENTITY (FULL, NOTHING, USING INDEX), CLUSTER ON, index reloptions on a constraint index

CREATE SCHEMA store;

-- Table reloptions, including toast.* options.
CREATE TABLE store.hot_rows (
    id       bigint PRIMARY KEY WITH (fillfactor = 80),
    counter  integer NOT NULL DEFAULT 0,
    payload  text
) WITH (fillfactor = 70, autovacuum_enabled = false, autovacuum_vacuum_scale_factor = 0.05, toast.autovacuum_enabled = false);

-- Column-level physical attributes.
CREATE TABLE store.blobs (
    id        integer NOT NULL,
    raw       bytea,
    doc       jsonb,
    notes     text,
    code      text,
    category  integer,
    CONSTRAINT blobs_pkey PRIMARY KEY (id),
    CONSTRAINT blobs_code_key UNIQUE (code) WITH (fillfactor = 90)
);
ALTER TABLE store.blobs ALTER COLUMN raw SET STORAGE EXTERNAL;
ALTER TABLE store.blobs ALTER COLUMN doc SET STORAGE MAIN;
ALTER TABLE store.blobs ALTER COLUMN notes SET STORAGE PLAIN;
ALTER TABLE store.blobs ALTER COLUMN notes SET COMPRESSION pglz;
ALTER TABLE store.blobs ALTER COLUMN category SET STATISTICS 500;
ALTER TABLE store.blobs ALTER COLUMN category SET (n_distinct = 50);
ALTER TABLE store.blobs ALTER COLUMN code SET (n_distinct_inherited = -0.5);

-- REPLICA IDENTITY variants.
ALTER TABLE store.hot_rows REPLICA IDENTITY FULL;
CREATE TABLE store.no_identity (
    v text
);
ALTER TABLE store.no_identity REPLICA IDENTITY NOTHING;
CREATE UNIQUE INDEX blobs_code_not_null_uidx ON store.blobs (code);
ALTER TABLE store.blobs ALTER COLUMN code SET NOT NULL;
ALTER TABLE store.blobs REPLICA IDENTITY USING INDEX blobs_code_not_null_uidx;

-- Clustering index.
CREATE INDEX blobs_category_idx ON store.blobs (category);
ALTER TABLE store.blobs CLUSTER ON blobs_category_idx;

-- Explicit default access method (must not produce a spurious difference).
CREATE TABLE store.explicit_heap (
    id integer
) USING heap;
