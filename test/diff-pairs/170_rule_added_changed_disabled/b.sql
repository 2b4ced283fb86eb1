CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    status text NOT NULL
);
CREATE TABLE public.orders_log (
    id integer,
    status text
);
CREATE TABLE public.orders_archive (
    id integer,
    status text
);
CREATE VIEW public.open_orders AS SELECT id, status FROM public.orders WHERE status = 'open';

CREATE RULE orders_log_insert AS ON INSERT TO public.orders WHERE new.status <> 'draft'
    DO ALSO INSERT INTO public.orders_log (id, status) VALUES (new.id, upper(new.status));
CREATE RULE orders_keep AS ON DELETE TO public.orders
    DO INSTEAD INSERT INTO public.orders_archive (id, status) VALUES (old.id, old.status);
ALTER TABLE public.orders DISABLE RULE orders_keep;
CREATE RULE orders_no_update AS ON UPDATE TO public.orders_archive DO INSTEAD NOTHING;
COMMENT ON RULE orders_no_update ON public.orders_archive IS 'the archive is append-only';
