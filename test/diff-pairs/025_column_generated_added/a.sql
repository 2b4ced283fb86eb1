-- pair: stored generated columns are added to a table with rows: public.line_item.total (quantity * unit_price) and public.line_item.search_key (lower(sku))

CREATE TABLE public.line_item (
    id integer PRIMARY KEY,
    sku text NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(10,2) NOT NULL
);

INSERT INTO public.line_item VALUES (1, 'ABC-1', 2, 9.99), (2, 'xyz-2', 1, 100.00);
