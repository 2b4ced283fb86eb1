-- pair: nullability: public.employee.email goes NULL -> NOT NULL (no NULLs in the rows) and public.employee.phone goes NOT NULL -> NULL

CREATE TABLE public.employee (
    id integer PRIMARY KEY,
    email text,
    phone text NOT NULL,
    manager_id integer REFERENCES public.employee (id)
);

INSERT INTO public.employee VALUES (1, 'boss@example.com', '100', NULL), (2, 'dev@example.com', '101', 1);
