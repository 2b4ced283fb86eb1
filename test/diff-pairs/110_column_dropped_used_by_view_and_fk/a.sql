-- pair: column public.order_line.variant_code is dropped although a view reads it, a composite foreign key (product_id, variant_code) -> public.variant uses it and an index covers it; the view changes to not read it and the FK is gone in B (public.variant stays)

CREATE TABLE public.variant (
    product_id integer NOT NULL,
    code text NOT NULL,
    label text,
    PRIMARY KEY (product_id, code)
);

CREATE TABLE public.order_line (
    id integer PRIMARY KEY,
    product_id integer NOT NULL,
    variant_code text,
    quantity integer NOT NULL,
    CONSTRAINT order_line_variant_fkey FOREIGN KEY (product_id, variant_code) REFERENCES public.variant (product_id, code)
);

CREATE INDEX order_line_variant_idx ON public.order_line (product_id, variant_code);

CREATE VIEW public.order_line_view AS
    SELECT id, product_id, variant_code, quantity FROM public.order_line;

INSERT INTO public.variant VALUES (1, 'red', 'Red'), (1, 'blue', 'Blue');
INSERT INTO public.order_line VALUES (1, 1, 'red', 2), (2, 1, NULL, 1);
