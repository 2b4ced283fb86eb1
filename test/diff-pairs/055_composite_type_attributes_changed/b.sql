CREATE TYPE public.money_amount AS (
    value numeric,
    currency text,
    scale integer
);

CREATE FUNCTION public.format_amount(m public.money_amount) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT m.value::text || ' ' || m.currency $$;

CREATE TABLE public.ledger (
    id integer PRIMARY KEY,
    amount_value numeric NOT NULL
);
