CREATE TABLE public.project (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.person (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.sprint (
    project_id integer NOT NULL,
    number integer NOT NULL,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE public.task (
    id integer PRIMARY KEY,
    project_id integer CONSTRAINT task_project_id_fkey REFERENCES public.project (id) ON DELETE SET NULL,
    assignee_id integer CONSTRAINT task_assignee_id_fkey REFERENCES public.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
    sprint_project_id integer,
    sprint_number integer,
    CONSTRAINT task_sprint_fkey FOREIGN KEY (sprint_project_id, sprint_number) REFERENCES public.sprint (project_id, number) MATCH FULL
);

-- project_id has no NULLs so that B -> A (SET NOT NULL) succeeds.
INSERT INTO public.project VALUES (1, 'Apollo');
INSERT INTO public.person VALUES (1, 'Ada');
INSERT INTO public.sprint VALUES (1, 1);
INSERT INTO public.task VALUES (1, 1, 1, 1, 1), (2, 1, NULL, NULL, NULL);
