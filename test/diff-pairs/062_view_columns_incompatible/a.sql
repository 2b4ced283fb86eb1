-- pair: view columns change incompatibly (CREATE OR REPLACE is refused, the view must be dropped and recreated): public.staff_directory drops a column (phone), renames one (full_name -> display_name) and changes a column's type (id integer -> text); public.staff_count depends on it and must be recreated too

CREATE TABLE public.staff (
    id integer PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    phone text,
    department text NOT NULL
);

CREATE VIEW public.staff_directory AS
    SELECT id, first_name || ' ' || last_name AS full_name, phone, department
    FROM public.staff;

CREATE VIEW public.staff_count AS
    SELECT department, count(*) AS n FROM public.staff_directory GROUP BY department;

INSERT INTO public.staff VALUES (1, 'Ada', 'Lovelace', '555', 'R&D');
