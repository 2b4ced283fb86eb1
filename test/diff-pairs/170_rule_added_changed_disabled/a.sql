-- pair: a rule's action changes, another rule is added, a third is disabled; a rule on a view is dropped

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

CREATE RULE orders_log_insert AS ON INSERT TO public.orders
    DO ALSO INSERT INTO public.orders_log (id, status) VALUES (new.id, new.status);
CREATE RULE orders_keep AS ON DELETE TO public.orders
    DO INSTEAD INSERT INTO public.orders_archive (id, status) VALUES (old.id, old.status);
CREATE RULE open_orders_insert AS ON INSERT TO public.open_orders
    DO INSTEAD INSERT INTO public.orders (id, status) VALUES (new.id, 'open');
