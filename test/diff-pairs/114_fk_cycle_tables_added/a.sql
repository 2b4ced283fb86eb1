-- pair: two tables that reference each other (public.department.head_id -> public.employee, public.employee.department_id -> public.department) are added; creating (and dropping) them needs the foreign keys split out of the CREATE TABLEs

CREATE TABLE public.company (
    id integer PRIMARY KEY,
    name text NOT NULL
);

INSERT INTO public.company VALUES (1, 'Acme');
