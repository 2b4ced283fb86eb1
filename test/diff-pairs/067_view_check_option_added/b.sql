CREATE TABLE public.task (
    id integer PRIMARY KEY,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    priority integer NOT NULL DEFAULT 3
);

CREATE VIEW public.open_task AS
    SELECT id, title, done, priority FROM public.task WHERE NOT done
    WITH LOCAL CHECK OPTION;

CREATE VIEW public.urgent_open_task AS
    SELECT id, title, done, priority FROM public.open_task WHERE priority = 1
    WITH CASCADED CHECK OPTION;

INSERT INTO public.task VALUES (1, 'Fix bug', false, 1);
