CREATE TABLE public.product (
    id integer NOT NULL,
    sku text NOT NULL,
    name text NOT NULL,
    CONSTRAINT product_pkey PRIMARY KEY (sku),
    CONSTRAINT product_id_key UNIQUE (id)
);

CREATE TABLE public.order_line (
    id integer PRIMARY KEY,
    product_id integer NOT NULL CONSTRAINT order_line_product_id_fkey REFERENCES public.product (id),
    quantity integer NOT NULL
);

INSERT INTO public.product VALUES (1, 'P-1', 'Pen'), (2, 'P-2', 'Ink');
INSERT INTO public.order_line VALUES (1, 1, 3);
