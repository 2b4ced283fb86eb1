-- scenario: user-defined types: enums (value order incl. ADD VALUE BEFORE/AFTER, odd labels, empty enum), domains (base type, default, NOT NULL, named and NOT VALID CHECKs, collation, domain over domain/array/enum), composite types (nested, arrays, collation), and tables using them

CREATE SCHEMA types;

-- Enums. Values added later with BEFORE/AFTER get fractional sort orders: order must be preserved.
-- (Added values are deliberately not used elsewhere in this file: a value added in the same
--  transaction cannot be used before commit, and some loaders run the whole file in one transaction.)
CREATE TYPE types.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE types.mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE types.mood ADD VALUE 'ecstatic' AFTER 'happy';
ALTER TYPE types.mood ADD VALUE 'furious' BEFORE 'sad';
ALTER TYPE types.mood ADD VALUE IF NOT EXISTS 'content' AFTER 'ok';
-- final order: furious, sad, meh, ok, content, happy, ecstatic

CREATE TYPE types.odd_labels AS ENUM ('', 'with space', 'it''s', 'UPPER', 'lower', 'comma,value', 'quote"d', 'ünïcödé', 'back\slash');
CREATE TYPE types.empty_enum AS ENUM ();
CREATE TYPE types."Status" AS ENUM ('Active', 'Inactive');

-- Domains.
CREATE DOMAIN types.positive_int AS integer
    CONSTRAINT positive_int_check CHECK (VALUE > 0);
ALTER DOMAIN types.positive_int ADD CONSTRAINT positive_int_max CHECK (VALUE < 1000000) NOT VALID;

CREATE DOMAIN types.email AS text COLLATE "C"
    DEFAULT 'nobody@example.com'::text
    NOT NULL
    CONSTRAINT email_has_at CHECK (VALUE ~ '@'::text)
    CONSTRAINT email_max_len CHECK (length(VALUE) <= 254);

CREATE DOMAIN types.us_postal AS character varying(10)
    CHECK (((VALUE)::text ~ '^\d{5}$'::text) OR ((VALUE)::text ~ '^\d{5}-\d{4}$'::text));

CREATE DOMAIN types.price AS numeric(10,2) DEFAULT 0 CHECK (VALUE >= (0)::numeric);
CREATE DOMAIN types.small_price AS types.price CONSTRAINT small_price_lt_1000 CHECK (VALUE < (1000)::numeric);
CREATE DOMAIN types.int_list AS integer[] CHECK (COALESCE(array_length(VALUE, 1), 0) <= 10);
CREATE DOMAIN types.happy_mood AS types.mood DEFAULT 'happy'::types.mood CHECK (VALUE <> 'sad'::types.mood);
CREATE DOMAIN types.ts_utc AS timestamp(3) with time zone;
CREATE DOMAIN types.code AS character(4) COLLATE "POSIX" NOT NULL CHECK (VALUE = upper(VALUE));
CREATE DOMAIN types.nullable_text AS text NULL;
CREATE DOMAIN types."Quoted Domain" AS bigint CONSTRAINT "Must Be Even" CHECK ((VALUE % 2) = 0);

-- Composite types.
CREATE TYPE types.address AS (
    street   text,
    city     character varying(100),
    zip      types.us_postal,
    country  character(2) COLLATE "C"
);
CREATE TYPE types.money_amount AS (
    amount    numeric(12,2),
    currency  character(3)
);
CREATE TYPE types.nested AS (
    addr     types.address,
    tags     text[],
    moods    types.mood[],
    amounts  types.money_amount[]
);
CREATE TYPE types.empty_composite AS ();
CREATE TYPE types."Point 3D" AS ("X" double precision, "Y" double precision, "Z" double precision);

-- Domain over a composite type.
CREATE DOMAIN types.valid_amount AS types.money_amount CHECK ((VALUE).amount IS NOT NULL AND (VALUE).currency IS NOT NULL);

-- A table using all of the above (defaults interacting with domain defaults, arrays of user types).
CREATE TABLE types.customers (
    id          types.positive_int NOT NULL,
    email       types.email,
    alt_email   types.email DEFAULT 'alt@example.com'::text,
    mood        types.mood NOT NULL DEFAULT 'ok'::types.mood,
    moods       types.mood[] DEFAULT '{happy,ok}'::types.mood[],
    fav         types.happy_mood,
    label       types.odd_labels,
    status      types."Status" DEFAULT 'Active'::types."Status",
    home        types.address,
    addresses   types.address[],
    balance     types.money_amount DEFAULT ROW(0, 'USD')::types.money_amount,
    checked     types.valid_amount,
    price       types.small_price,
    prices      types.price[],
    ids         types.int_list,
    pos         types."Point 3D",
    info        types.nested,
    code        types.code,
    seen_at     types.ts_utc,
    even        types."Quoted Domain",
    CONSTRAINT customers_pkey PRIMARY KEY (id)
);

-- A table's row type used as a column type of another table.
CREATE TABLE types.customer_snapshots (
    taken_at  timestamp with time zone NOT NULL,
    snapshot  types.customers NOT NULL,
    history   types.customers[]
);
