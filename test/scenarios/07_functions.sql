-- scenario: functions and procedures: sql/plpgsql, SQL-standard bodies (RETURN / BEGIN ATOMIC), overloads, defaults, OUT/INOUT/VARIADIC, RETURNS TABLE / SETOF table / void / record, polymorphic, volatility, STRICT, SECURITY DEFINER, PARALLEL, COST/ROWS, SET config, functions used by column defaults, CHECKs, indexes and views, dependency ordering

CREATE SCHEMA fn;

-- Functions that tables depend on (must be created before the table).
CREATE FUNCTION fn.is_valid_price(p numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT p >= 0 AND p < 1000000 $$;

CREATE SEQUENCE fn.code_seq;

CREATE FUNCTION fn.next_code() RETURNS text
    LANGUAGE plpgsql VOLATILE
    AS $$
BEGIN
    RETURN 'ITEM-' || lpad(nextval('fn.code_seq')::text, 6, '0');
END
$$;

CREATE FUNCTION fn.normalize_name(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(btrim($1));

CREATE TABLE fn.items (
    id      integer PRIMARY KEY,
    name    text NOT NULL,
    price   numeric(10,2) NOT NULL CONSTRAINT items_price_valid CHECK (fn.is_valid_price(price)),
    code    text NOT NULL DEFAULT fn.next_code(),
    qty     integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX items_normalized_name_uidx ON fn.items (fn.normalize_name(name));

-- Overloads: same name, different argument lists.
CREATE FUNCTION fn.add(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT a + b $$;
CREATE FUNCTION fn.add(a numeric, b numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS 'SELECT a + b';
CREATE FUNCTION fn.add(a integer, b integer, c integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    RETURN a + b + c;
CREATE FUNCTION fn.add(text[]) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN array_to_string($1, '+');

-- Default argument values of several types, including expressions.
CREATE FUNCTION fn.greet(name text, greeting text DEFAULT 'Hello'::text, punct text DEFAULT '!'::text, times integer DEFAULT 1)
    RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN repeat(greeting || ', ' || name || punct, times);
END
$$;
CREATE FUNCTION fn.window_start(ts timestamp with time zone DEFAULT now(), width interval DEFAULT '01:00:00'::interval)
    RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    RETURN ts - width;

-- OUT and INOUT parameters, VARIADIC.
CREATE FUNCTION fn.divmod(IN num integer, IN den integer, OUT quotient integer, OUT remainder integer)
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT num / den, num % den $$;
CREATE FUNCTION fn.bump(INOUT counter integer, IN step integer DEFAULT 1)
    LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN counter := counter + step; END $$;
CREATE FUNCTION fn.sum_all(VARIADIC nums integer[]) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT sum(n) FROM unnest(nums) AS n $$;
CREATE FUNCTION fn.stats(VARIADIC vals numeric[], OUT lo numeric, OUT hi numeric, OUT n integer)
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT min(v), max(v), count(*)::integer FROM unnest(vals) AS v $$;

-- RETURNS TABLE, RETURNS SETOF table, RETURNS SETOF record-ish, ROWS / COST.
CREATE FUNCTION fn.items_cheaper_than(max_price numeric) RETURNS TABLE(item_id integer, item_name text)
    LANGUAGE sql STABLE COST 50 ROWS 25
    AS $$ SELECT id, name FROM fn.items WHERE price < max_price $$;
CREATE FUNCTION fn.all_items() RETURNS SETOF fn.items
    LANGUAGE sql STABLE ROWS 1000
    AS $$ SELECT * FROM fn.items $$;
CREATE FUNCTION fn.one_item(p_id integer) RETURNS fn.items
    LANGUAGE sql STABLE
    AS $$ SELECT * FROM fn.items WHERE id = p_id $$;
CREATE FUNCTION fn.numbers(n integer) RETURNS SETOF integer
    LANGUAGE sql IMMUTABLE STRICT ROWS 10
    AS $$ SELECT generate_series(1, n) $$;
CREATE FUNCTION fn.pairs() RETURNS SETOF record
    LANGUAGE sql IMMUTABLE
    AS $$ VALUES (1, 'a'::text), (2, 'b'::text) $$;

-- SQL-standard bodies: these are parsed at creation and depend on fn.items.
CREATE FUNCTION fn.double_it(x integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN x * 2;
CREATE FUNCTION fn.item_count() RETURNS bigint
    LANGUAGE sql STABLE
    BEGIN ATOMIC
        SELECT count(*) FROM fn.items;
    END;
CREATE FUNCTION fn.restock(p_id integer, p_qty integer DEFAULT 1) RETURNS integer
    LANGUAGE sql
    BEGIN ATOMIC
        UPDATE fn.items SET qty = qty + p_qty WHERE id = p_id;
        SELECT qty FROM fn.items WHERE id = p_id;
    END;

-- Procedures: SQL-standard body, plpgsql with INOUT, OUT parameter (PG14+), transaction control.
CREATE PROCEDURE fn.insert_item(p_id integer, p_name text, p_price numeric DEFAULT 0)
    LANGUAGE sql
    BEGIN ATOMIC
        INSERT INTO fn.items (id, name, price) VALUES (p_id, p_name, p_price);
    END;
CREATE PROCEDURE fn.reprice(IN pct numeric, INOUT changed integer DEFAULT NULL)
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE fn.items SET price = round(price * (1 + pct / 100), 2);
    GET DIAGNOSTICS changed = ROW_COUNT;
END
$$;
CREATE PROCEDURE fn.count_items(OUT n bigint)
    LANGUAGE plpgsql
    AS $$ BEGIN SELECT count(*) INTO n FROM fn.items; END $$;
CREATE PROCEDURE fn.batch_commit(batches integer)
    LANGUAGE plpgsql
    SET work_mem = '8MB'
    AS $$
BEGIN
    FOR i IN 1..batches LOOP
        PERFORM fn.item_count();
        COMMIT;
    END LOOP;
END
$$;
CREATE PROCEDURE fn.noop()
    LANGUAGE sql
    AS $$ $$;

-- SECURITY DEFINER with pinned search_path, other SET clauses, PARALLEL variants, STRICT spellings.
CREATE FUNCTION fn.secure_lookup(p_id integer) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    result text;
BEGIN
    SELECT name INTO result FROM fn.items WHERE id = p_id;
    RETURN result;
END
$$;
CREATE FUNCTION fn.tuned(x integer) RETURNS integer
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED COST 1000
    SET work_mem = '64MB'
    SET statement_timeout = '5s'
    SET "DateStyle" = 'ISO, MDY'
    AS $$ BEGIN RETURN x; END $$;
CREATE FUNCTION fn.pinned_path() RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO fn, pg_temp
    AS $$ SELECT current_setting('search_path') $$;
CREATE FUNCTION fn.null_on_null(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE RETURNS NULL ON NULL INPUT PARALLEL UNSAFE
    AS $$ SELECT a || b $$;
CREATE FUNCTION fn.called_on_null(a text) RETURNS text
    LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT
    AS $$ SELECT coalesce(a, '<null>') $$;
CREATE FUNCTION fn.explicit_invoker() RETURNS integer
    LANGUAGE sql STABLE SECURITY INVOKER NOT LEAKPROOF
    AS $$ SELECT 1 $$;

-- void, polymorphic (anyelement / anycompatible), user-type arguments, arrays, defaults with casts.
CREATE FUNCTION fn.log_message(msg text) RETURNS void
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE NOTICE '%', msg; END $$;
CREATE FUNCTION fn.first_non_null(a anyelement, b anyelement) RETURNS anyelement
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT coalesce(a, b) $$;
CREATE FUNCTION fn.larger(a anycompatible, b anycompatible) RETURNS anycompatible
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT greatest(a, b) $$;
CREATE FUNCTION fn.array_len(arr anyarray) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT cardinality(arr) $$;
CREATE FUNCTION fn.total_value(item fn.items) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    RETURN (item).price * (item).qty;
CREATE FUNCTION fn.with_array_default(ids integer[] DEFAULT '{1,2}'::integer[], label character varying DEFAULT 'x'::character varying)
    RETURNS integer
    LANGUAGE sql IMMUTABLE
    RETURN cardinality(ids) + length(label);

-- Body containing dollar quotes, quotes and backslashes (needs a distinct dollar tag).
CREATE FUNCTION fn.tricky_body() RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $body$
DECLARE
    s text := $$it's a "test" with \backslash$$;
BEGIN
    -- comment with $$ inside
    RETURN s || E'\t' || 'done';
END
$body$;

-- Quoted function and argument names.
CREATE FUNCTION fn."Mixed Case Func"("Arg One" integer, "select" text DEFAULT 'x') RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT "select" || "Arg One" $$;

-- Views and a CHECK that depend on functions defined above.
CREATE VIEW fn.item_values AS
    SELECT i.id, fn.total_value(i.*) AS value, fn.double_it(i.qty) AS double_qty
    FROM fn.items i;

CREATE TABLE fn.price_rules (
    id       integer PRIMARY KEY,
    lo       numeric NOT NULL,
    hi       numeric NOT NULL,
    label    text NOT NULL DEFAULT fn.greet('rule'::text),
    CONSTRAINT price_rules_valid CHECK (fn.is_valid_price(lo) AND fn.is_valid_price(hi) AND lo <= hi)
);
