-- scenario: features newer than PostgreSQL 15 available in PGlite (PG18): virtual generated columns, temporal PRIMARY KEY/UNIQUE WITHOUT OVERLAPS and PERIOD foreign keys, NOT ENFORCED constraints, named / NOT VALID / NO INHERIT NOT NULL constraints, identity on partitioned tables, MAINTAIN privilege, builtin collation provider
-- requires: pg16, pglite-only, extensions: btree_gist
-- (PG17+/PG18 syntax: also fails on PostgreSQL 16, hence pglite-only in addition to pg16.)

CREATE EXTENSION btree_gist;

CREATE SCHEMA modern;

-- Virtual (PG18) and stored generated columns side by side; GENERATED without a kind defaults to VIRTUAL.
CREATE TABLE modern.boxes (
    id          integer PRIMARY KEY,
    w           numeric NOT NULL,
    h           numeric NOT NULL,
    area_v      numeric GENERATED ALWAYS AS (w * h) VIRTUAL,
    area_s      numeric GENERATED ALWAYS AS (w * h) STORED,
    perimeter   numeric GENERATED ALWAYS AS (2 * (w + h))
);

-- Temporal keys (PG18): PRIMARY KEY / UNIQUE ... WITHOUT OVERLAPS, FOREIGN KEY ... PERIOD.
CREATE TABLE modern.rooms (
    room_id     integer NOT NULL,
    valid_at    daterange NOT NULL,
    name        text,
    CONSTRAINT rooms_pkey PRIMARY KEY (room_id, valid_at WITHOUT OVERLAPS),
    CONSTRAINT rooms_name_temporal_key UNIQUE (name, valid_at WITHOUT OVERLAPS)
);
CREATE TABLE modern.room_assignments (
    id          integer PRIMARY KEY,
    room_id     integer NOT NULL,
    valid_at    daterange NOT NULL,
    CONSTRAINT room_assignments_room_fk FOREIGN KEY (room_id, PERIOD valid_at)
        REFERENCES modern.rooms (room_id, PERIOD valid_at)
);

-- NOT ENFORCED CHECK and FK (PG18), and an enforced one for contrast.
CREATE TABLE modern.soft_rules (
    id          integer PRIMARY KEY,
    parent_id   integer,
    qty         integer,
    CONSTRAINT soft_rules_qty_check CHECK (qty > 0) NOT ENFORCED,
    CONSTRAINT soft_rules_qty_max CHECK (qty < 1000) ENFORCED,
    CONSTRAINT soft_rules_parent_fk FOREIGN KEY (parent_id) REFERENCES modern.soft_rules (id) NOT ENFORCED
);

-- NOT NULL constraints are catalogued with names in PG18: named, NOT VALID, NO INHERIT.
CREATE TABLE modern.nn_parent (
    a   integer CONSTRAINT nn_parent_a_named NOT NULL,
    b   integer,
    c   integer,
    d   integer CONSTRAINT nn_parent_d_noinherit NOT NULL NO INHERIT
);
ALTER TABLE modern.nn_parent ADD CONSTRAINT nn_parent_b_not_valid NOT NULL b NOT VALID;
CREATE TABLE modern.nn_child (
    extra text
) INHERITS (modern.nn_parent);

-- Domain NOT NULL with an explicit constraint name (catalogued since PG17).
CREATE DOMAIN modern.required_text AS text CONSTRAINT required_text_nn NOT NULL CONSTRAINT required_text_nonempty CHECK (VALUE <> '');

-- Identity column on a partitioned table (PG17).
CREATE TABLE modern.ledger (
    id      bigint GENERATED ALWAYS AS IDENTITY (START WITH 100),
    day     date NOT NULL,
    note    modern.required_text,
    PRIMARY KEY (id, day)
) PARTITION BY RANGE (day);
CREATE TABLE modern.ledger_2025 PARTITION OF modern.ledger FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- MAINTAIN privilege (PG17).
GRANT MAINTAIN ON TABLE modern.boxes TO PUBLIC;

-- builtin collation provider (PG17; PG_UNICODE_FAST is PG18).
CREATE COLLATION modern.builtin_c_utf8 (provider = builtin, locale = 'C.UTF-8');
CREATE COLLATION modern.builtin_unicode_fast (provider = builtin, locale = 'PG_UNICODE_FAST');
CREATE TABLE modern.labels (
    id      integer PRIMARY KEY,
    label   text COLLATE modern.builtin_c_utf8,
    label2  text COLLATE pg_unicode_fast
);
