-- pair: procedures are added: public.archive_old_orders(integer, INOUT integer) (plpgsql) and billing.close_period(date) (sql); an existing function stays

CREATE SCHEMA billing;

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    placed_on date NOT NULL,
    archived boolean NOT NULL DEFAULT false
);

CREATE TABLE billing.period (
    starts_on date PRIMARY KEY,
    closed boolean NOT NULL DEFAULT false
);

CREATE FUNCTION public.order_count() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT count(*) FROM public.orders $$;
