-- pair: policies on public.post (RLS enabled in both): post_read's USING changes; post_write (FOR INSERT) gets a different WITH CHECK; post_update (FOR UPDATE) gains a WITH CHECK; post_delete (FOR DELETE) is added; post_legacy is dropped

CREATE TABLE public.post (
    id integer PRIMARY KEY,
    author name NOT NULL DEFAULT current_user,
    published boolean NOT NULL DEFAULT false,
    locked boolean NOT NULL DEFAULT false,
    body text
);

ALTER TABLE public.post ENABLE ROW LEVEL SECURITY;

CREATE POLICY post_read ON public.post FOR SELECT
    USING (published);
CREATE POLICY post_write ON public.post FOR INSERT
    WITH CHECK (author = current_user);
CREATE POLICY post_update ON public.post FOR UPDATE
    USING (author = current_user);
CREATE POLICY post_legacy ON public.post FOR ALL
    USING (true);
