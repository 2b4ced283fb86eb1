-- pair: trigger enablement changes: public.order_audit goes ENABLED -> DISABLED; public.order_replica goes ENABLED -> ENABLE REPLICA; public.order_always goes DISABLED -> ENABLE ALWAYS

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    total numeric(10,2) NOT NULL
);

CREATE FUNCTION public.noop() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NULL; END $$;

CREATE TRIGGER order_audit AFTER INSERT ON public.orders
    FOR EACH ROW EXECUTE FUNCTION public.noop();
CREATE TRIGGER order_replica AFTER UPDATE ON public.orders
    FOR EACH ROW EXECUTE FUNCTION public.noop();
CREATE TRIGGER order_always AFTER DELETE ON public.orders
    FOR EACH ROW EXECUTE FUNCTION public.noop();

ALTER TABLE public.orders DISABLE TRIGGER order_always;
