-- pair: trigger definitions change under the same names: public.item_audit AFTER INSERT -> AFTER INSERT OR UPDATE OF price OR DELETE; public.item_validate BEFORE INSERT WHEN (NEW.price = 0) -> BEFORE INSERT OR UPDATE WHEN (NEW.price < 0); public.item_notify FOR EACH ROW WHEN (...) -> FOR EACH STATEMENT; public.item_arg's arguments change ('v1' -> 'v2', 'verbose')

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

CREATE TRIGGER item_audit AFTER INSERT ON public.item
    FOR EACH ROW EXECUTE FUNCTION public.log_item();

CREATE TRIGGER item_validate BEFORE INSERT ON public.item
    FOR EACH ROW WHEN (NEW.price = 0) EXECUTE FUNCTION public.reject_item();

CREATE TRIGGER item_notify AFTER UPDATE ON public.item
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION public.notify_item();

CREATE TRIGGER item_arg AFTER DELETE ON public.item
    FOR EACH ROW EXECUTE FUNCTION public.log_item('v1');

INSERT INTO public.item VALUES (1, 'Pen', 1.50);
