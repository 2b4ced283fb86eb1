-- pair: foreign key actions change: public.task.project_id ON DELETE CASCADE -> ON DELETE SET NULL (column becomes nullable); public.task.assignee_id gets ON UPDATE CASCADE ON DELETE RESTRICT; public.task.sprint_id MATCH SIMPLE -> MATCH FULL on a two-column key

CREATE TABLE public.project (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.person (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.sprint (
    project_id integer NOT NULL,
    number integer NOT NULL,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE public.task (
    id integer PRIMARY KEY,
    project_id integer NOT NULL CONSTRAINT task_project_id_fkey REFERENCES public.project (id) ON DELETE CASCADE,
    assignee_id integer CONSTRAINT task_assignee_id_fkey REFERENCES public.person (id),
    sprint_project_id integer,
    sprint_number integer,
    CONSTRAINT task_sprint_fkey FOREIGN KEY (sprint_project_id, sprint_number) REFERENCES public.sprint (project_id, number)
);

INSERT INTO public.project VALUES (1, 'Apollo');
INSERT INTO public.person VALUES (1, 'Ada');
INSERT INTO public.sprint VALUES (1, 1);
INSERT INTO public.task VALUES (1, 1, 1, 1, 1), (2, 1, NULL, NULL, NULL);
