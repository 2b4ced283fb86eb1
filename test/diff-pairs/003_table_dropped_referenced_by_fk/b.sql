CREATE TABLE public.store (
    id integer PRIMARY KEY,
    name text NOT NULL,
    region_id integer
);

CREATE INDEX store_region_id_idx ON public.store (region_id);

-- region_id is NULL here so that re-adding the foreign key (B -> A, region empty) succeeds.
INSERT INTO public.store VALUES (1, 'Harbour', NULL), (3, 'Depot', NULL);
