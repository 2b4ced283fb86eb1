-- scenario: aggregates (plain, moving, ordered-set, hypothetical-set, with combine/serial functions and a sort operator), operators (infix and prefix, commutator, negator, restrict/join estimators, hashes/merges), operator families and classes (with a loose family member), casts (function, binary-coercible, with inout; implicit/assignment), a conversion, a transform, access methods, and views and indexes that use them
-- requires: superuser

CREATE SCHEMA ext;

CREATE TYPE ext.money2 AS (units bigint, cents integer);

CREATE FUNCTION ext.int_sum_step(state bigint, value integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT coalesce(state, 0) + coalesce(value, 0) $$;

CREATE FUNCTION ext.int_sum_undo(state bigint, value integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT state - coalesce(value, 0) $$;

CREATE FUNCTION ext.int_sum_final(state bigint) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'total ' || state $$;

CREATE FUNCTION ext.int_sum_combine(a bigint, b bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT a + b $$;

-- A plain aggregate with a final function, a combine function and a moving-aggregate mode.
CREATE AGGREGATE ext.total(integer) (
    SFUNC = ext.int_sum_step,
    STYPE = bigint,
    FINALFUNC = ext.int_sum_final,
    COMBINEFUNC = ext.int_sum_combine,
    INITCOND = '0',
    MSFUNC = ext.int_sum_step,
    MINVFUNC = ext.int_sum_undo,
    MSTYPE = bigint,
    MINITCOND = '0',
    MFINALFUNC = ext.int_sum_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ext.total(integer) IS 'sum as text';

-- An aggregate with a sort operator (like min/max).
CREATE FUNCTION ext.smaller(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT least(a, b) $$;

CREATE AGGREGATE ext.smallest(integer) (
    SFUNC = ext.smaller,
    STYPE = integer,
    SORTOP = <
);

-- Polymorphic and variadic-free aggregate over anyelement, with FINALFUNC_EXTRA.
CREATE FUNCTION ext.collect_step(state anyarray, value anyelement) RETURNS anyarray
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_append(state, value) $$;

CREATE FUNCTION ext.collect_final(state anyarray, value anyelement) RETURNS anyarray
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT state $$;

CREATE AGGREGATE ext.collect(anyelement) (
    SFUNC = ext.collect_step,
    STYPE = anyarray,
    FINALFUNC = ext.collect_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    INITCOND = '{}'
);

-- An ordered-set aggregate and a hypothetical-set aggregate.
CREATE AGGREGATE ext.pick(double precision ORDER BY double precision) (
    SFUNC = ordered_set_transition,
    STYPE = internal,
    FINALFUNC = percentile_cont_float8_final
);

CREATE AGGREGATE ext.position_of(VARIADIC "any" ORDER BY VARIADIC "any") (
    SFUNC = ordered_set_transition_multi,
    STYPE = internal,
    FINALFUNC = rank_final,
    FINALFUNC_EXTRA,
    HYPOTHETICAL
);

-- Operators.
CREATE FUNCTION ext.approx_eq(a numeric, b numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT abs(a - b) < 0.01 $$;

CREATE FUNCTION ext.approx_ne(a numeric, b numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT abs(a - b) >= 0.01 $$;

CREATE OPERATOR ext.~= (
    LEFTARG = numeric,
    RIGHTARG = numeric,
    FUNCTION = ext.approx_eq,
    COMMUTATOR = OPERATOR(ext.~=),
    NEGATOR = OPERATOR(ext.~<>),
    RESTRICT = eqsel,
    JOIN = eqjoinsel
);

CREATE OPERATOR ext.~<> (
    LEFTARG = numeric,
    RIGHTARG = numeric,
    FUNCTION = ext.approx_ne,
    COMMUTATOR = OPERATOR(ext.~<>),
    NEGATOR = OPERATOR(ext.~=),
    RESTRICT = neqsel,
    JOIN = neqjoinsel
);

CREATE FUNCTION ext.negate_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT reverse(t) $$;

CREATE OPERATOR ext.!! (RIGHTARG = text, FUNCTION = ext.negate_text);
COMMENT ON OPERATOR ext.!! (NONE, text) IS 'reverses text';

-- A btree operator family and class for a case-insensitive text order.
CREATE FUNCTION ext.ci_lt(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) < lower(b) $$;
CREATE FUNCTION ext.ci_le(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) <= lower(b) $$;
CREATE FUNCTION ext.ci_eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) = lower(b) $$;
CREATE FUNCTION ext.ci_ge(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) >= lower(b) $$;
CREATE FUNCTION ext.ci_gt(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(a) > lower(b) $$;
CREATE FUNCTION ext.ci_cmp(a text, b text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT bttextcmp(lower(a), lower(b)) $$;

CREATE OPERATOR ext.<~ (LEFTARG = text, RIGHTARG = text, FUNCTION = ext.ci_lt);
CREATE OPERATOR ext.<=~ (LEFTARG = text, RIGHTARG = text, FUNCTION = ext.ci_le);
CREATE OPERATOR ext.=~ (LEFTARG = text, RIGHTARG = text, FUNCTION = ext.ci_eq, HASHES, MERGES);
CREATE OPERATOR ext.>=~ (LEFTARG = text, RIGHTARG = text, FUNCTION = ext.ci_ge);
CREATE OPERATOR ext.>~ (LEFTARG = text, RIGHTARG = text, FUNCTION = ext.ci_gt);

CREATE OPERATOR FAMILY ext.ci_ops USING btree;

CREATE OPERATOR CLASS ext.ci_text_ops FOR TYPE text USING btree FAMILY ext.ci_ops AS
    OPERATOR 1 ext.<~,
    OPERATOR 2 ext.<=~,
    OPERATOR 3 ext.=~,
    OPERATOR 4 ext.>=~,
    OPERATOR 5 ext.>~,
    FUNCTION 1 ext.ci_cmp(text, text);

-- A class whose family is created with it (same name), and a loose member of a family.
CREATE FUNCTION ext.ci_hash(t text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT hashtext(lower(t)) $$;
CREATE OPERATOR CLASS ext.ci_hash_ops FOR TYPE text USING hash AS
    OPERATOR 1 ext.=~,
    FUNCTION 1 ext.ci_hash(text);

CREATE FUNCTION ext.ci_cmp_varchar(a character varying, b text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT bttextcmp(lower(a), lower(b)) $$;
ALTER OPERATOR FAMILY ext.ci_ops USING btree ADD
    FUNCTION 1 (character varying, text) ext.ci_cmp_varchar(character varying, text);

CREATE TABLE ext.account (
    id integer PRIMARY KEY,
    handle text NOT NULL,
    balance ext.money2
);
CREATE INDEX account_handle_ci ON ext.account (handle ext.ci_text_ops);

-- Casts.
CREATE FUNCTION ext.money2_from_numeric(n numeric) RETURNS ext.money2
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT ROW(trunc(n)::bigint, ((n - trunc(n)) * 100)::integer)::ext.money2 $$;

CREATE CAST (numeric AS ext.money2) WITH FUNCTION ext.money2_from_numeric(numeric) AS ASSIGNMENT;
CREATE CAST (ext.money2 AS text) WITH INOUT;
COMMENT ON CAST (ext.money2 AS text) IS 'as the record literal';

CREATE DOMAIN ext.handle AS text;
CREATE TYPE ext.level AS ENUM ('low', 'high');
CREATE CAST (ext.level AS text) WITH INOUT AS IMPLICIT;

-- A conversion (with a built-in conversion function).
CREATE CONVERSION ext.latin1_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM pg_catalog.iso8859_1_to_utf8;

-- Access methods, on the built-in handlers.
CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;
CREATE ACCESS METHOD btree_copy TYPE INDEX HANDLER bthandler;
COMMENT ON ACCESS METHOD heap_copy IS 'heap under another name';

-- Views that use the aggregates, operators and casts.
CREATE VIEW ext.account_totals AS
    SELECT ext.total(id) AS total, ext.smallest(id) AS smallest, ext.collect(handle) AS handles,
        ext.pick(0.5) WITHIN GROUP (ORDER BY id::double precision) AS median,
        ext.position_of(2) WITHIN GROUP (ORDER BY id) AS rank_of_two
    FROM ext.account
    WHERE OPERATOR(ext.!!) handle <> '' AND 1.0 OPERATOR(ext.~=) 1.001;

-- A transform of a type for a language, on built-in conversion routines.
CREATE FUNCTION ext.level_from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE FUNCTION ext.level_to_sql(internal) RETURNS ext.level LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE TRANSFORM FOR ext.level LANGUAGE sql (
    FROM SQL WITH FUNCTION ext.level_from_sql(internal),
    TO SQL WITH FUNCTION ext.level_to_sql(internal)
);
