-- pair: composite type public.money_amount gets an attribute added (scale integer), drops one (note) and changes one's type (currency char(3) -> text); the type is used only by a function signature

CREATE TYPE public.money_amount AS (
    value numeric,
    currency char(3),
    note text
);

CREATE FUNCTION public.format_amount(m public.money_amount) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT m.value::text || ' ' || m.currency $$;

CREATE TABLE public.ledger (
    id integer PRIMARY KEY,
    amount_value numeric NOT NULL
);
