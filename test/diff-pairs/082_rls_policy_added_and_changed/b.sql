CREATE TABLE public.post (
    id integer PRIMARY KEY,
    author name NOT NULL DEFAULT current_user,
    published boolean NOT NULL DEFAULT false,
    locked boolean NOT NULL DEFAULT false,
    body text
);

ALTER TABLE public.post ENABLE ROW LEVEL SECURITY;

CREATE POLICY post_read ON public.post FOR SELECT
    USING (published OR author = current_user);
CREATE POLICY post_write ON public.post FOR INSERT
    WITH CHECK (author = current_user AND NOT locked);
CREATE POLICY post_update ON public.post FOR UPDATE
    USING (author = current_user)
    WITH CHECK (author = current_user AND NOT locked);
CREATE POLICY post_delete ON public.post FOR DELETE
    USING (author = current_user AND NOT published);
