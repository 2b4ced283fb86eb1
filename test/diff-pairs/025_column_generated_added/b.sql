CREATE TABLE public.line_item (
    id integer PRIMARY KEY,
    sku text NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    total numeric(12,2) GENERATED ALWAYS AS (quantity * unit_price) STORED,
    search_key text GENERATED ALWAYS AS (lower(sku)) STORED
);

CREATE INDEX line_item_search_key_idx ON public.line_item (search_key);

INSERT INTO public.line_item (id, sku, quantity, unit_price) VALUES (1, 'ABC-1', 2, 9.99), (3, 'Q-3', 5, 1.00);
