CREATE TABLE public.staff (
    id integer PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    phone text,
    department text NOT NULL
);

CREATE VIEW public.staff_directory AS
    SELECT 'S-' || id AS id, first_name || ' ' || last_name AS display_name, department
    FROM public.staff;

CREATE VIEW public.staff_count AS
    SELECT department, count(*) AS n FROM public.staff_directory GROUP BY department;

INSERT INTO public.staff VALUES (1, 'Ada', 'Lovelace', '555', 'R&D');
