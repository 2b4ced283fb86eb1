-- pair: trigger function public.touch_updated_at() and the trigger public.article.article_touch using it are dropped (in B the table remains, without trigger); another trigger function public.check_title() with its trigger stays

CREATE TABLE public.article (
    id integer PRIMARY KEY,
    title text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

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

CREATE TRIGGER article_touch BEFORE UPDATE ON public.article
    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

CREATE TRIGGER article_check_title BEFORE INSERT OR UPDATE ON public.article
    FOR EACH ROW EXECUTE FUNCTION public.check_title();

INSERT INTO public.article (id, title, updated_at) VALUES (1, 'Hello', '2024-01-01 00:00:00+00');
