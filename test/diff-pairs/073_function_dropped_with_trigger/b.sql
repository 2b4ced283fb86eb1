CREATE TABLE public.article (
    id integer PRIMARY KEY,
    title text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION public.check_title() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.title = '' THEN
        RAISE EXCEPTION 'empty title';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER article_check_title BEFORE INSERT OR UPDATE ON public.article
    FOR EACH ROW EXECUTE FUNCTION public.check_title();

INSERT INTO public.article (id, title, updated_at) VALUES (1, 'Hello', '2024-01-01 00:00:00+00');
