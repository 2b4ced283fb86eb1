-- pair: table public.region, referenced by a foreign key from public.store, is dropped; the foreign key is dropped with it and store.region_id stays as a plain column

CREATE TABLE public.region (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.store (
    id integer PRIMARY KEY,
    name text NOT NULL,
    region_id integer CONSTRAINT store_region_id_fkey REFERENCES public.region (id)
);

CREATE INDEX store_region_id_idx ON public.store (region_id);

INSERT INTO public.region VALUES (1, 'North'), (2, 'South');
INSERT INTO public.store VALUES (1, 'Harbour', 1), (2, 'Market', 2), (3, 'Depot', NULL);
