-- pair: columns are dropped: public.product.legacy_code (which has its own index and a check constraint) and public.product.notes

CREATE TABLE public.product (
    id integer PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    legacy_code varchar(12) CONSTRAINT product_legacy_code_check CHECK (legacy_code ~ '^[A-Z0-9-]+$'),
    price numeric(10,2) NOT NULL,
    notes text
);

CREATE INDEX product_legacy_code_idx ON public.product (legacy_code);

INSERT INTO public.product VALUES (1, 'SKU-1', 'OLD-1', 9.99, 'first'), (2, 'SKU-2', NULL, 19.99, NULL);
