-- scenario: tables and columns: many built-in data types incl. arrays/typmods, NOT NULL, every kind of column default, stored generated columns, column collations, UNLOGGED tables, zero-column table, dropped columns, quoted/mixed-case/reserved-word names

CREATE SCHEMA tbl;

-- One column per built-in type family; typmods and arrays must round-trip exactly.
CREATE TABLE tbl.all_types (
    id                  bigint NOT NULL,
    c_smallint          smallint,
    c_integer           integer,
    c_bigint            bigint,
    c_numeric_ps        numeric(12,4),
    c_numeric_p         numeric(7),
    c_numeric           numeric,
    c_real              real,
    c_double            double precision,
    c_money             money,
    c_bool              boolean,
    c_char              character(3),
    c_char1             "char",
    c_varchar           character varying(50),
    c_varchar_nolen     character varying,
    c_text              text,
    c_name              name,
    c_bytea             bytea,
    c_date              date,
    c_time              time(3) without time zone,
    c_timetz            time with time zone,
    c_timestamp0        timestamp(0) without time zone,
    c_timestamp         timestamp without time zone,
    c_timestamptz       timestamp with time zone,
    c_timestamptz3      timestamp(3) with time zone,
    c_interval          interval,
    c_interval_ym       interval year to month,
    c_interval_ds       interval day to second(2),
    c_json              json,
    c_jsonb             jsonb,
    c_jsonpath          jsonpath,
    c_uuid              uuid,
    c_inet              inet,
    c_cidr              cidr,
    c_macaddr           macaddr,
    c_macaddr8          macaddr8,
    c_bit               bit(8),
    c_bit1              bit,
    c_varbit            bit varying(16),
    c_varbit_nolen      bit varying,
    c_xml               xml,
    c_tsvector          tsvector,
    c_tsquery           tsquery,
    c_point             point,
    c_line              line,
    c_lseg              lseg,
    c_box               box,
    c_path              path,
    c_polygon           polygon,
    c_circle            circle,
    c_int4range         int4range,
    c_numrange          numrange,
    c_tstzrange         tstzrange,
    c_daterange         daterange,
    c_int8multirange    int8multirange,
    c_oid               oid,
    c_regclass          regclass,
    c_pg_lsn            pg_lsn,
    c_int_array         integer[],
    c_text_array        text[],
    c_text_2d           text[][],
    c_varchar_array     character varying(20)[],
    c_numeric_array     numeric(5,2)[],
    c_timestamptz_array timestamp(3) with time zone[],
    c_jsonb_array       jsonb[],
    c_uuid_array        uuid[],
    c_bool_array        boolean[],
    c_varbit_array      bit varying(4)[],
    CONSTRAINT all_types_pkey PRIMARY KEY (id)
);

CREATE SEQUENCE tbl.manual_id_seq;

CREATE FUNCTION tbl.default_code() RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT 'C-' || to_char(now(), 'YYYY') $$;

-- Every flavour of column default expression.
CREATE TABLE tbl.defaults_demo (
    id              integer NOT NULL DEFAULT nextval('tbl.manual_id_seq'::regclass),
    created_at      timestamp with time zone NOT NULL DEFAULT now(),
    updated_at      timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    created_on      date DEFAULT CURRENT_DATE,
    local_ts        timestamp(0) without time zone DEFAULT LOCALTIMESTAMP(0),
    clock_ts        timestamp with time zone DEFAULT clock_timestamp(),
    utc_ts          timestamp without time zone DEFAULT (now() AT TIME ZONE 'UTC'),
    created_by      name DEFAULT CURRENT_USER,
    session_by      text DEFAULT SESSION_USER,
    status          text NOT NULL DEFAULT 'new'::text,
    code            character varying(10) DEFAULT 'X-1'::character varying,
    qty             integer NOT NULL DEFAULT 0,
    neg_qty         integer DEFAULT '-1'::integer,
    neg_qty2        integer DEFAULT -1,
    ratio           numeric(5,2) DEFAULT 1.50,
    big             bigint DEFAULT '9007199254740993'::bigint,
    flag            boolean DEFAULT false,
    flag_true       boolean DEFAULT true,
    tags            text[] DEFAULT '{}'::text[],
    tags_ctor       text[] DEFAULT ARRAY['a'::text, 'b'::text],
    ints            integer[] DEFAULT '{1,2,3}'::integer[],
    meta            jsonb NOT NULL DEFAULT '{"k": [1, 2], "s": "x''y"}'::jsonb,
    ttl             interval DEFAULT '1 day 02:00:00'::interval,
    quoted          text DEFAULT 'it''s'::text,
    backslash       text DEFAULT E'a\\b\nc',
    empty_text      text DEFAULT ''::text,
    md5_default     text DEFAULT md5('x'::text),
    lower_default   text DEFAULT lower('ABC'::text),
    code_default    text DEFAULT tbl.default_code(),
    random_id       uuid DEFAULT gen_random_uuid(),
    expr_default    integer DEFAULT ((1 + 2) * 3),
    case_default    text DEFAULT CASE WHEN (EXTRACT(dow FROM CURRENT_DATE) = (0)::numeric) THEN 'weekend'::text ELSE 'weekday'::text END,
    bits            bit(4) DEFAULT B'1010'::"bit",
    vbits           bit varying(8) DEFAULT B'01'::bit varying,
    inet_default    inet DEFAULT '127.0.0.1'::inet,
    range_default   int4range DEFAULT int4range(1, 10),
    date_literal    date DEFAULT '2000-01-01'::date,
    ts_literal      timestamp with time zone DEFAULT '2000-01-01 00:00:00+00'::timestamp with time zone,
    CONSTRAINT defaults_demo_pkey PRIMARY KEY (id)
);

-- Stored generated columns (depending on other columns, functions, and each other's source columns).
CREATE TABLE tbl.generated_demo (
    id          integer PRIMARY KEY,
    width       numeric(10,2) NOT NULL,
    height      numeric(10,2) NOT NULL,
    area        numeric GENERATED ALWAYS AS (width * height) STORED,
    label       text,
    label_upper text GENERATED ALWAYS AS (upper(label)) STORED,
    label_len   integer NOT NULL GENERATED ALWAYS AS (COALESCE(length(label), 0)) STORED,
    doc         jsonb,
    doc_kind    text GENERATED ALWAYS AS ((doc ->> 'kind')) STORED,
    search      tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(label, ''::text))) STORED
);

-- Column-level collations (built-in collations only; user collations are in 16_collations.sql).
CREATE TABLE tbl.collated (
    id       integer PRIMARY KEY,
    c_name   text COLLATE "C" NOT NULL,
    p_name   character varying(40) COLLATE "POSIX",
    u_name   text COLLATE ucs_basic,
    d_name   text COLLATE "default",
    arr      text[] COLLATE "C"
);

-- UNLOGGED table (with its own PK index, which is then unlogged too).
CREATE UNLOGGED TABLE tbl.cache_entries (
    cache_key   text PRIMARY KEY,
    payload     bytea,
    expires_at  timestamp with time zone NOT NULL
);

-- A table with no columns at all.
CREATE TABLE tbl.no_columns ();

-- Dropped columns leave holes in attnum; a later ADD COLUMN goes to the end.
CREATE TABLE tbl.evolving (
    id        integer NOT NULL,
    obsolete  text,
    name      text NOT NULL,
    obsolete2 integer
);
ALTER TABLE tbl.evolving DROP COLUMN obsolete;
ALTER TABLE tbl.evolving DROP COLUMN obsolete2;
ALTER TABLE tbl.evolving ADD COLUMN added_later integer NOT NULL DEFAULT 42;
ALTER TABLE tbl.evolving ADD COLUMN added_nullable text;
ALTER TABLE tbl.evolving ADD PRIMARY KEY (id);

-- Quoted identifiers, mixed case, embedded spaces/quotes, reserved words.
CREATE TABLE public."MixedCase" (
    "Id"          integer NOT NULL,
    "camelCase"   text,
    "UPPER"       text,
    lower_plain   text,
    "with space"  integer,
    "with""quote" text,
    "select"      integer,
    "from"        date,
    "to"          date,
    "user"        text,
    "order"       integer,
    "group"       text,
    "check"       boolean,
    "default"     text DEFAULT 'default'::text,
    "table"       text,
    "column"      text,
    "end"         timestamp with time zone,
    "primary"     integer,
    CONSTRAINT "MixedCase_pkey" PRIMARY KEY ("Id")
);

CREATE TABLE public."order" (
    "user"  text NOT NULL,
    "limit" integer NOT NULL DEFAULT 10,
    "offset" integer,
    "desc"  text
);

CREATE TABLE public."user" (
    id      integer NOT NULL PRIMARY KEY,
    "name"  text,
    "type"  text,
    "value" numeric
);

-- Unquoted mixed case folds to lower case.
CREATE TABLE public.FoldedTable (SomeColumn integer, OtherColumn TEXT);

-- A table named like a built-in type, and a column named like a type.
CREATE TABLE public.text (
    "integer" integer,
    "timestamp" timestamp without time zone,
    "text" text
);
