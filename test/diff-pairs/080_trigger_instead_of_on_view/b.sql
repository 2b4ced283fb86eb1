CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.customer_email (
    customer_id integer PRIMARY KEY REFERENCES public.customer (id),
    email text NOT NULL
);

CREATE VIEW public.customer_card AS
    SELECT c.id, c.name, e.email
    FROM public.customer c
    LEFT JOIN public.customer_email e ON e.customer_id = c.id;

CREATE FUNCTION public.customer_card_write() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO public.customer (id, name) VALUES (NEW.id, NEW.name)
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;
    IF NEW.email IS NOT NULL THEN
        INSERT INTO public.customer_email (customer_id, email) VALUES (NEW.id, NEW.email)
            ON CONFLICT (customer_id) DO UPDATE SET email = EXCLUDED.email;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER customer_card_write INSTEAD OF INSERT OR UPDATE ON public.customer_card
    FOR EACH ROW EXECUTE FUNCTION public.customer_card_write();

INSERT INTO public.customer VALUES (1, 'Ada');
INSERT INTO public.customer_email VALUES (1, 'ada@example.com');
