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

ALTER TABLE public.orders DISABLE TRIGGER order_audit;
ALTER TABLE public.orders ENABLE REPLICA TRIGGER order_replica;
ALTER TABLE public.orders ENABLE ALWAYS TRIGGER order_always;
