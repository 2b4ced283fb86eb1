CREATE TABLE public.item (
    id integer PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2) NOT NULL
);

CREATE TABLE public.item_log (
    item_id integer,
    op text NOT NULL
);

CREATE FUNCTION public.log_item() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO public.item_log VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, TG_OP || coalesce(TG_ARGV[0], ''));
    RETURN NULL;
END
$$;

CREATE FUNCTION public.reject_item() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'bad item'; END $$;

CREATE FUNCTION public.notify_item() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN PERFORM pg_notify('item', TG_OP); RETURN NULL; END $$;

CREATE TRIGGER item_audit AFTER INSERT OR UPDATE OF price OR DELETE ON public.item
    FOR EACH ROW EXECUTE FUNCTION public.log_item();

CREATE TRIGGER item_validate BEFORE INSERT OR UPDATE ON public.item
    FOR EACH ROW WHEN (NEW.price < 0) EXECUTE FUNCTION public.reject_item();

CREATE TRIGGER item_notify AFTER UPDATE ON public.item
    FOR EACH STATEMENT EXECUTE FUNCTION public.notify_item();

CREATE TRIGGER item_arg AFTER DELETE ON public.item
    FOR EACH ROW EXECUTE FUNCTION public.log_item('v2', 'verbose');

INSERT INTO public.item VALUES (1, 'Pen', 1.50);
