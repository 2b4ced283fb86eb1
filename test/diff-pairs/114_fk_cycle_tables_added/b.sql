CREATE TABLE public.company (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.department (
    id integer PRIMARY KEY,
    company_id integer NOT NULL REFERENCES public.company (id),
    name text NOT NULL,
    head_id integer
);

CREATE TABLE public.employee (
    id integer PRIMARY KEY,
    department_id integer REFERENCES public.department (id),
    name text NOT NULL
);

ALTER TABLE public.department ADD CONSTRAINT department_head_id_fkey
    FOREIGN KEY (head_id) REFERENCES public.employee (id) DEFERRABLE INITIALLY DEFERRED;

INSERT INTO public.company VALUES (1, 'Acme');
BEGIN;
INSERT INTO public.department VALUES (1, 1, 'R&D', 1);
INSERT INTO public.employee VALUES (1, 1, 'Ada');
COMMIT;
