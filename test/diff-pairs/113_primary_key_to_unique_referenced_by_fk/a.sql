-- pair: public.product's key changes: PRIMARY KEY (id) becomes UNIQUE (id) + PRIMARY KEY (sku) while public.order_line has a foreign key to product(id), which depends on the primary key's index and has to be dropped and re-added (now backed by the unique constraint)

CREATE TABLE public.product (
    id integer NOT NULL,
    sku text NOT NULL,
    name text NOT NULL,
    CONSTRAINT product_pkey PRIMARY KEY (id)
);

CREATE TABLE public.order_line (
    id integer PRIMARY KEY,
    product_id integer NOT NULL CONSTRAINT order_line_product_id_fkey REFERENCES public.product (id),
    quantity integer NOT NULL
);

INSERT INTO public.product VALUES (1, 'P-1', 'Pen'), (2, 'P-2', 'Ink');
INSERT INTO public.order_line VALUES (1, 1, 3);
