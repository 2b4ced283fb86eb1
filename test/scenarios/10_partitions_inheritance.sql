-- scenario: declarative partitioning (RANGE incl. multi-column/MINVALUE/MAXVALUE, LIST incl. NULL, HASH, expression and collated keys, DEFAULT partitions, sub-partitioning, ATTACH of a table with different column order), indexes/PK/FKs/triggers on partitioned tables, partition-local objects; classic INHERITS (extra local column, multiple parents, merged columns)

CREATE SCHEMA part;

CREATE TABLE part.cities (
    id    integer PRIMARY KEY,
    name  text NOT NULL
);

-- RANGE partitioning with PK, default partition and sub-partitioning.
CREATE TABLE part.measurements (
    id          bigint NOT NULL,
    city_id     integer NOT NULL,
    logdate     date NOT NULL,
    peak_temp   integer,
    unitsales   integer DEFAULT 0,
    CONSTRAINT measurements_pkey PRIMARY KEY (id, city_id, logdate),
    CONSTRAINT measurements_city_fk FOREIGN KEY (city_id) REFERENCES part.cities (id) ON DELETE CASCADE,
    CONSTRAINT measurements_sales_check CHECK (unitsales >= 0)
) PARTITION BY RANGE (logdate);

CREATE TABLE part.measurements_old PARTITION OF part.measurements
    FOR VALUES FROM (MINVALUE) TO ('2023-01-01');
CREATE TABLE part.measurements_2023 PARTITION OF part.measurements
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
-- Sub-partitioned by HASH.
CREATE TABLE part.measurements_2024 PARTITION OF part.measurements
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
    PARTITION BY HASH (city_id);
CREATE TABLE part.measurements_2024_h0 PARTITION OF part.measurements_2024 FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE part.measurements_2024_h1 PARTITION OF part.measurements_2024 FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE part.measurements_2024_h2 PARTITION OF part.measurements_2024 FOR VALUES WITH (MODULUS 3, REMAINDER 2);
-- Sub-partitioned by LIST with its own default.
CREATE TABLE part.measurements_2025 PARTITION OF part.measurements
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    PARTITION BY LIST (city_id);
CREATE TABLE part.measurements_2025_low PARTITION OF part.measurements_2025 FOR VALUES IN (1, 2, 3);
CREATE TABLE part.measurements_2025_rest PARTITION OF part.measurements_2025 DEFAULT;
CREATE TABLE part.measurements_default PARTITION OF part.measurements DEFAULT;

-- Indexes on the partitioned parent (cascade to partitions) and one partition-local index.
CREATE INDEX measurements_city_idx ON part.measurements (city_id, logdate DESC);
CREATE UNIQUE INDEX measurements_city_day_uidx ON part.measurements (city_id, logdate, id);
CREATE INDEX measurements_2023_peak_idx ON part.measurements_2023 (peak_temp) WHERE peak_temp > 30;

-- Partition-specific constraint and default (differs from the parent).
ALTER TABLE part.measurements_2023 ADD CONSTRAINT measurements_2023_peak_check CHECK (peak_temp BETWEEN -100 AND 100);
ALTER TABLE part.measurements_2023 ALTER COLUMN unitsales SET DEFAULT 1;

-- Row trigger on the partitioned parent (cloned to every partition).
CREATE FUNCTION part.noop_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER measurements_noop BEFORE UPDATE ON part.measurements
    FOR EACH ROW EXECUTE FUNCTION part.noop_trigger();

-- A table referencing the partitioned table (FK to partitioned table).
CREATE TABLE part.measurement_notes (
    measurement_id  bigint NOT NULL,
    city_id         integer NOT NULL,
    logdate         date NOT NULL,
    note            text,
    CONSTRAINT measurement_notes_fk FOREIGN KEY (measurement_id, city_id, logdate)
        REFERENCES part.measurements (id, city_id, logdate) ON DELETE CASCADE
);

-- Multi-column RANGE key with MINVALUE / MAXVALUE bounds.
CREATE TABLE part.events (
    tenant   integer NOT NULL,
    seq      integer NOT NULL,
    payload  jsonb
) PARTITION BY RANGE (tenant, seq);
CREATE TABLE part.events_t1 PARTITION OF part.events FOR VALUES FROM (1, MINVALUE) TO (1, MAXVALUE);
CREATE TABLE part.events_t2_low PARTITION OF part.events FOR VALUES FROM (2, MINVALUE) TO (2, 1000);
CREATE TABLE part.events_t2_high PARTITION OF part.events FOR VALUES FROM (2, 1000) TO (3, MINVALUE);

-- LIST partitioning with an expression key, NULL partition, quoted values.
CREATE TABLE part.customers (
    id      integer NOT NULL,
    region  text,
    name    text NOT NULL
) PARTITION BY LIST (lower(region));
CREATE TABLE part.customers_americas PARTITION OF part.customers FOR VALUES IN ('us', 'ca', 'mx');
CREATE TABLE part.customers_europe PARTITION OF part.customers FOR VALUES IN ('de', 'fr', 'it''s');
CREATE TABLE part.customers_unknown PARTITION OF part.customers FOR VALUES IN (NULL);
CREATE TABLE part.customers_other PARTITION OF part.customers DEFAULT;
CREATE INDEX customers_name_idx ON part.customers (name);

-- RANGE key with explicit collation and operator class.
CREATE TABLE part.codes (
    code   text NOT NULL,
    label  text
) PARTITION BY RANGE (code COLLATE "C" text_pattern_ops);
CREATE TABLE part.codes_a_m PARTITION OF part.codes FOR VALUES FROM ('A') TO ('N');
CREATE TABLE part.codes_n_z PARTITION OF part.codes FOR VALUES FROM ('N') TO ('ZZZZ');

-- HASH partitioning on two columns, different moduli.
CREATE TABLE part.sessions (
    user_id     integer NOT NULL,
    device      text NOT NULL,
    started_at  timestamp with time zone NOT NULL DEFAULT now()
) PARTITION BY HASH (user_id, device);
CREATE TABLE part.sessions_p0 PARTITION OF part.sessions FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE part.sessions_p1_0 PARTITION OF part.sessions FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE part.sessions_p1_1 PARTITION OF part.sessions FOR VALUES WITH (MODULUS 4, REMAINDER 3);

-- Range on timestamptz expression key.
CREATE TABLE part.logs (
    at     timestamp with time zone NOT NULL,
    line   text
) PARTITION BY RANGE (((at AT TIME ZONE 'UTC'::text)::date));
CREATE TABLE part.logs_2024 PARTITION OF part.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- ATTACH PARTITION of a pre-existing table whose columns are in a different physical order
-- and which has a dropped column.
CREATE TABLE part.orders (
    order_id    integer NOT NULL,
    placed_on   date NOT NULL,
    amount      numeric(12,2)
) PARTITION BY RANGE (placed_on);
CREATE TABLE part.orders_2020 (
    dropped_col text,
    amount      numeric(12,2),
    placed_on   date NOT NULL,
    order_id    integer NOT NULL
);
ALTER TABLE part.orders_2020 DROP COLUMN dropped_col;
ALTER TABLE part.orders ATTACH PARTITION part.orders_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE part.orders_2021 PARTITION OF part.orders (
    amount CONSTRAINT orders_2021_amount_positive CHECK (amount > 0)
) FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');

-- Partitioned table with no partitions at all.
CREATE TABLE part.empty_parent (
    k integer NOT NULL,
    v text
) PARTITION BY LIST (k);

-- Classic inheritance.
CREATE TABLE part.vehicles (
    id       integer NOT NULL,
    make     text NOT NULL,
    wheels   integer DEFAULT 4,
    CONSTRAINT vehicles_wheels_check CHECK (wheels >= 0),
    CONSTRAINT vehicles_parent_only CHECK (make <> '') NO INHERIT
);
ALTER TABLE part.vehicles ADD CONSTRAINT vehicles_pkey PRIMARY KEY (id);

-- Child with extra local column and its own constraint.
CREATE TABLE part.trucks (
    payload_tons numeric(6,2) NOT NULL,
    CONSTRAINT trucks_payload_check CHECK (payload_tons > 0)
) INHERITS (part.vehicles);

-- Child that re-declares an inherited column (merged, attislocal) with a different default.
CREATE TABLE part.bikes (
    wheels   integer DEFAULT 2,
    electric boolean NOT NULL DEFAULT false
) INHERITS (part.vehicles);

-- Multiple inheritance, grandchild.
CREATE TABLE part.registrations (
    plate    text NOT NULL,
    country  character(2)
);
CREATE TABLE part.registered_trucks (
    registered_on date
) INHERITS (part.trucks, part.registrations);

-- Inheritance established later with ALTER TABLE ... INHERIT.
CREATE TABLE part.boats (
    id       integer NOT NULL,
    make     text NOT NULL,
    wheels   integer DEFAULT 0,
    hull     text,
    CONSTRAINT vehicles_wheels_check CHECK (wheels >= 0)
);
ALTER TABLE part.boats INHERIT part.vehicles;
