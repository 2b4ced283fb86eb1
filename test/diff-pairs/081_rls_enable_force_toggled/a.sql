-- pair: row level security flags change: public.note gets ENABLE ROW LEVEL SECURITY (with its existing policy); public.secret gets FORCE ROW LEVEL SECURITY (already enabled); public.public_doc has RLS disabled in B (it was enabled, no policies)

CREATE TABLE public.note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text
);

CREATE POLICY note_owner ON public.note USING (owner = current_user);

CREATE TABLE public.secret (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    value text
);

ALTER TABLE public.secret ENABLE ROW LEVEL SECURITY;
CREATE POLICY secret_owner ON public.secret USING (owner = current_user);

CREATE TABLE public.public_doc (
    id integer PRIMARY KEY,
    body text
);

ALTER TABLE public.public_doc ENABLE ROW LEVEL SECURITY;
