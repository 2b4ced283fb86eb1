CREATE TABLE public.stock (
    id integer PRIMARY KEY,
    item text NOT NULL,
    quantity integer,
    shelf smallint NOT NULL DEFAULT 0
);

INSERT INTO public.stock VALUES (1, 'bolt', 42, 3), (2, 'nut', 7, 0), (4, 'gear', NULL, 1);
