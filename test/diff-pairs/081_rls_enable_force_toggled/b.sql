CREATE TABLE public.note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text
);

ALTER TABLE public.note ENABLE ROW LEVEL SECURITY;
CREATE POLICY note_owner ON public.note USING (owner = current_user);

CREATE TABLE public.secret (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    value text
);

ALTER TABLE public.secret ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.secret FORCE ROW LEVEL SECURITY;
CREATE POLICY secret_owner ON public.secret USING (owner = current_user);

CREATE TABLE public.public_doc (
    id integer PRIMARY KEY,
    body text
);
