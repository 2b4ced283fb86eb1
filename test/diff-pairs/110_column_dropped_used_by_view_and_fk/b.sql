CREATE TABLE public.variant (
    product_id integer NOT NULL,
    code text NOT NULL,
    label text,
    PRIMARY KEY (product_id, code)
);

CREATE TABLE public.order_line (
    id integer PRIMARY KEY,
    product_id integer NOT NULL,
    quantity integer NOT NULL
);

CREATE VIEW public.order_line_view AS
    SELECT id, product_id, quantity FROM public.order_line;

INSERT INTO public.variant VALUES (1, 'red', 'Red'), (1, 'blue', 'Blue');
INSERT INTO public.order_line VALUES (1, 1, 2), (2, 1, 1);
