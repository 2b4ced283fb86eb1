CREATE TABLE public.employee (
    id integer PRIMARY KEY,
    email text NOT NULL,
    phone text,
    manager_id integer REFERENCES public.employee (id)
);

-- phone has no NULLs so that B -> A (SET NOT NULL on phone) succeeds.
INSERT INTO public.employee VALUES (1, 'boss@example.com', '100', NULL), (3, 'ops@example.com', '102', 1);
