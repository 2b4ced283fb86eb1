CREATE TABLE public.store (
    id bigint PRIMARY KEY,
    name varchar(80) NOT NULL,
    region text NOT NULL,
    opened date
);

CREATE TABLE public.sale (
    id integer PRIMARY KEY,
    store_id bigint NOT NULL REFERENCES public.store (id),
    amount numeric(12,2) NOT NULL
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
