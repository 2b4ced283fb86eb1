-- pair: view options: public.my_document gets security_invoker = true; public.team_document goes from security_barrier = true to security_barrier = false plus security_invoker = true; public.all_document loses security_invoker

CREATE TABLE public.document (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    team text NOT NULL,
    title text NOT NULL
);

CREATE VIEW public.my_document AS
    SELECT id, title FROM public.document WHERE owner = current_user;

CREATE VIEW public.team_document WITH (security_barrier = true) AS
    SELECT id, team, title FROM public.document;

CREATE VIEW public.all_document WITH (security_invoker = true) AS
    SELECT id, owner, team, title FROM public.document;
