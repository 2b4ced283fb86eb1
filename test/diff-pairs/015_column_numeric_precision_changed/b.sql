CREATE TABLE public.price (
    id integer PRIMARY KEY,
    amount numeric(14,4) NOT NULL,
    rate numeric(8,3),
    weight numeric(6,2)
);

-- Values fit both numeric(10,2)/numeric(6,1) and the B types, so B -> A keeps them.
INSERT INTO public.price VALUES (1, 12.3400, 1.500, 10.50), (3, 5.5000, 0.125, 1.50);
