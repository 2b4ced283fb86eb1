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

CREATE PROCEDURE public.archive_old_orders(days integer, INOUT archived_count integer DEFAULT 0)
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE public.orders SET archived = true
    WHERE NOT archived AND placed_on < current_date - days;
    GET DIAGNOSTICS archived_count = ROW_COUNT;
END
$$;

CREATE PROCEDURE billing.close_period(p date)
    LANGUAGE sql
    AS $$ UPDATE billing.period SET closed = true WHERE starts_on = p $$;
