-- pair: materialized view public.sales_by_month changes definition (adds a column and a filter) and has a unique index (needed for REFRESH CONCURRENTLY) and a second index in both A and B; the indexes must be recreated with the matview; public.top_product (another matview, unchanged) stays

CREATE TABLE public.sale (
    id integer PRIMARY KEY,
    product text NOT NULL,
    sold_at timestamptz NOT NULL,
    amount numeric(10,2) NOT NULL,
    refunded boolean NOT NULL DEFAULT false
);

INSERT INTO public.sale VALUES
    (1, 'pen', '2024-01-05 00:00:00+00', 2.00, false),
    (2, 'ink', '2024-02-07 00:00:00+00', 5.00, true);

CREATE MATERIALIZED VIEW public.sales_by_month AS
    SELECT date_trunc('month', sold_at AT TIME ZONE 'UTC') AS month, sum(amount) AS revenue
    FROM public.sale
    GROUP BY 1;

CREATE UNIQUE INDEX sales_by_month_month_key ON public.sales_by_month (month);
CREATE INDEX sales_by_month_revenue_idx ON public.sales_by_month (revenue DESC);

CREATE MATERIALIZED VIEW public.top_product AS
    SELECT product, sum(amount) AS revenue FROM public.sale GROUP BY product
    WITH NO DATA;
