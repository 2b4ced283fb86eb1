-- pair: views with GROUP BY over tables whose columns change: public.sale.amount integer -> numeric(12,2) (so sum() changes type), public.store.id integer -> bigint (its primary key, and the foreign key column public.sale.store_id with it), public.store.name text -> varchar(80) and a column added; public.store_totals groups by the primary key only (its other columns are functionally dependent, so the view depends on public.store's primary key) public.region_totals groups by an expression and the materialized view public.store_daily (with a unique index) groups by the key too

CREATE TABLE public.store (
    id integer PRIMARY KEY,
    name text NOT NULL,
    region text NOT NULL
);

CREATE TABLE public.sale (
    id integer PRIMARY KEY,
    store_id integer NOT NULL REFERENCES public.store (id),
    amount integer NOT NULL
);

CREATE VIEW public.store_totals AS
    SELECT st.id, st.name, count(s.id) AS sales, sum(s.amount) AS total
    FROM public.store st LEFT JOIN public.sale s ON s.store_id = st.id
    GROUP BY st.id;

CREATE VIEW public.region_totals AS
    SELECT lower(st.region) AS region, sum(s.amount) AS total
    FROM public.store st JOIN public.sale s ON s.store_id = st.id
    GROUP BY lower(st.region)
    HAVING sum(s.amount) > 0;

CREATE MATERIALIZED VIEW public.store_daily AS
    SELECT st.id, st.name, count(*) AS sales
    FROM public.store st JOIN public.sale s ON s.store_id = st.id
    GROUP BY st.id
    WITH DATA;

CREATE UNIQUE INDEX store_daily_id_idx ON public.store_daily (id);

INSERT INTO public.store VALUES (1, 'North', 'EU'), (2, 'South', 'US');
INSERT INTO public.sale VALUES (10, 1, 5), (11, 1, 7), (12, 2, 3);
