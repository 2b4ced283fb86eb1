CREATE TABLE public.document (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    team text NOT NULL,
    title text NOT NULL
);

CREATE VIEW public.my_document WITH (security_invoker = true) AS
    SELECT id, title FROM public.document WHERE owner = current_user;

CREATE VIEW public.team_document WITH (security_barrier = false, security_invoker = true) AS
    SELECT id, team, title FROM public.document;

CREATE VIEW public.all_document AS
    SELECT id, owner, team, title FROM public.document;
